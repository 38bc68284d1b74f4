package io.fhestreams.clients.cli;

import io.fhestreams.clients.demo.EngineTour;
import io.fhestreams.engine.params.ParameterSets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fhe demo}: the end-to-end demo on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the demo in process: keys, encryption, homomorphic evaluation and decryption, timed.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--values", defaultValue = "16", description = "How many values to encrypt (default: ${DEFAULT-VALUE}).")
    int values;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of the random messages (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (values < 1) {
            throw new IllegalArgumentException("--values must be at least 1, got " + values);
        }
        EngineTour.Outcome outcome = new EngineTour(System.out).run(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64,
                values, x -> (x * x + 3) % 16, "f(x) = (x*x + 3) mod 16", seed);
        return outcome.wrong() == 0 ? 0 : 2;
    }
}
