package dev.playlog.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run history on a real file: kept across restarts, bounded, tolerant of a line cut short by a crash. */
class RunHistoryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static Run refresh(int added) {
        return new Run(0, Run.REFRESH, "2026-12-04T10:00:00Z", 40, "success", null, new Run.Files(added, 1, 2, 0), null, null);
    }

    private static Run build(String outcome) {
        return new Run(0, Run.DBT_BUILD, "2026-12-04T10:00:15Z", 9000, outcome, outcome.equals("failed") ? "dbt build failed" : null,
                null, outcome.equals("success") ? "20261204T100024000Z" : null,
                List.of(new Run.Node("model.playlog.fct_plays", "success", 1.5, null, "OK"),
                        new Run.Node("test.playlog.not_null_fct_plays_event_id", "fail", 0.2, 3L, "Got 3 results")));
    }

    @Test
    void keepsRunsAcrossARestartWithTheirNodesAndGoesOnNumbering() {
        RunHistory history = new RunHistory(dir, 100, MAPPER);
        history.add(refresh(5));
        Run failed = history.add(build("failed"));
        RunHistory reopened = new RunHistory(dir, 100, MAPPER);
        assertThat(reopened.find(failed.id())).contains(failed);
        assertThat(reopened.find(failed.id()).orElseThrow().nodes()).extracting(Run.Node::status).containsExactly("success", "fail");
        assertThat(reopened.add(refresh(1)).id()).isEqualTo(failed.id() + 1);
        assertThat(reopened.list(null, 10, 0)).extracting(Run::id).containsExactly(3L, 2L, 1L);
    }

    @Test
    void listsNewestFirstByKindWithoutNodes() {
        RunHistory history = new RunHistory(dir, 100, MAPPER);
        history.add(refresh(1));
        history.add(build("success"));
        history.add(refresh(2));
        assertThat(history.list(Run.REFRESH, 10, 0)).extracting(r -> r.files().added()).containsExactly(2, 1);
        assertThat(history.list(Run.DBT_BUILD, 10, 0)).singleElement().satisfies(r -> assertThat(r.nodes()).isNull());
        assertThat(history.list(null, 1, 1)).extracting(Run::kind).containsExactly(Run.DBT_BUILD);
    }

    @Test
    void retainsOnlyTheNewestRunsInMemoryAndInTheFile() throws Exception {
        RunHistory history = new RunHistory(dir, 5, MAPPER);
        for (int i = 0; i < 40; i++) {
            history.add(refresh(i));
        }
        assertThat(history.list(null, 100, 0)).extracting(Run::id).containsExactly(40L, 39L, 38L, 37L, 36L);
        assertThat(Files.readAllLines(dir.resolve(RunHistory.FILE)).size()).isLessThan(40);
        assertThat(new RunHistory(dir, 5, MAPPER).list(null, 100, 0)).extracting(Run::id).containsExactly(40L, 39L, 38L, 37L, 36L);
    }

    @Test
    void skipsALineCutShortByACrash() throws Exception {
        RunHistory history = new RunHistory(dir, 100, MAPPER);
        history.add(refresh(1));
        Files.writeString(dir.resolve(RunHistory.FILE), "{\"id\":2,\"kind\":\"dbt_bu", StandardOpenOption.APPEND);
        RunHistory reopened = new RunHistory(dir, 100, MAPPER);
        assertThat(reopened.list(null, 10, 0)).extracting(Run::id).containsExactly(1L);
        reopened.add(refresh(2));
        assertThat(new RunHistory(dir, 100, MAPPER).list(null, 10, 0)).extracting(Run::id).containsExactly(2L, 1L);
    }

    @Test
    void readsEveryNodeOfRunResults() throws Exception {
        String json = "{\"results\":[{\"unique_id\":\"model.playlog.top_tracks\",\"status\":\"success\",\"execution_time\":0.25,"
                + "\"failures\":null,\"message\":\"OK\"},{\"unique_id\":\"test.playlog.t\",\"status\":\"fail\",\"execution_time\":0.1,"
                + "\"failures\":2,\"message\":\"Got 2 results, configured to fail if != 0\"}]}";
        assertThat(RunHistory.nodes(MAPPER.readTree(json))).containsExactly(
                new Run.Node("model.playlog.top_tracks", "success", 0.25, null, "OK"),
                new Run.Node("test.playlog.t", "fail", 0.1, 2L, "Got 2 results, configured to fail if != 0"));
    }
}
