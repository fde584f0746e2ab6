package dev.playlog.simulator;

/**
 * The generator's name before the behavioural model (issue 5): the same model under the old name, so code that
 * regenerates the simulator's events with {@code new DatafakerListenGenerator(seed, users, tracks)} still gets
 * exactly what the simulate route produced.
 *
 * @deprecated use {@link BehaviouralGenerator}
 */
@Deprecated(since = "0.1.0")
public class DatafakerListenGenerator extends BehaviouralGenerator {

    public DatafakerListenGenerator(long seed, int users, int tracks) {
        super(seed, users, tracks);
    }
}
