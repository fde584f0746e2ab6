package dev.playlog.live;

import dev.playlog.serving.InvalidParameterException;
import dev.playlog.serving.NotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live boards over HTTP: {@code GET /api/v1/live/{tracks|artists}?board=short|long&country=DE&limit=10},
 * {@code GET /api/v1/live/stream} (server-sent events, one {@code board} event a second, read by {@code /live.html}),
 * {@code GET /api/v1/live} (state) and {@code POST /api/v1/live/{start|stop}} (operator). Bad parameters get the
 * read API's problem details ({@code ServingProblems}).
 */
@RestController
@RequestMapping("/api/v1/live")
public class LiveController {

    static final int MAX_LIMIT = 100;

    private final LiveLeaderboard leaderboard;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-push");
        t.setDaemon(true);
        return t;
    });

    public LiveController(LiveLeaderboard leaderboard) {
        this.leaderboard = leaderboard;
        pusher.scheduleAtFixedRate(this::push, 1, 1, TimeUnit.SECONDS);
    }

    @GetMapping
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", leaderboard.state());
        state.put("stream_time", leaderboard.streamTime());
        return state;
    }

    @GetMapping("/{kind}")
    public ResponseEntity<?> board(@PathVariable String kind, @RequestParam(defaultValue = "short") String board,
            @RequestParam(required = false) String country, @RequestParam(defaultValue = "10") String limit) {
        LiveLeaderboard.Kind k = switch (kind) {
            case "tracks" -> LiveLeaderboard.Kind.TRACK;
            case "artists" -> LiveLeaderboard.Kind.ARTIST;
            default -> null;
        };
        if (k == null) {
            throw new NotFoundException("unknown-leaderboard", "Unknown leaderboard",
                    "kind: must be tracks or artists, was '" + kind + "'");
        }
        LiveLeaderboard.Board b;
        try {
            b = LiveLeaderboard.Board.valueOf(board.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("board", "must be short or long, was '" + board + "'");
        }
        if (country != null && !country.matches("[A-Z]{2}")) {
            throw new InvalidParameterException("country", "must be an ISO 3166-1 alpha-2 code such as DE");
        }
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw new InvalidParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        try {
            return ResponseEntity.ok(leaderboard.top(b, k, country, n));
        } catch (IllegalStateException e) {
            // stopped, rebalancing or restoring: try again shortly
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
        }
    }

    @GetMapping("/stream")
    public SseEmitter stream() {
        SseEmitter emitter = new SseEmitter(0L);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        return emitter;
    }

    @PostMapping("/{action}")
    public ResponseEntity<?> change(@PathVariable String action) {
        switch (action) {
            case "start" -> leaderboard.start();
            case "stop" -> leaderboard.stop();
            default -> throw new NotFoundException("unknown-action", "Unknown action", "action: must be start or stop");
        }
        return ResponseEntity.ok(state());
    }

    private void push() {
        if (emitters.isEmpty() || !"RUNNING".equals(leaderboard.state())) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        try {
            for (LiveLeaderboard.Board board : LiveLeaderboard.Board.values()) {
                String name = board.name().toLowerCase(Locale.ROOT);
                payload.put(name + "_tracks", leaderboard.top(board, LiveLeaderboard.Kind.TRACK, null, 10));
                payload.put(name + "_artists", leaderboard.top(board, LiveLeaderboard.Kind.ARTIST, null, 10));
            }
        } catch (IllegalStateException e) {
            return; // rebalancing or restoring: the next second tries again
        }
        payload.put("sent_at", Instant.now());
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().name("board").data(payload));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }
}
