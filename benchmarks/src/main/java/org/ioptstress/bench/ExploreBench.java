package org.ioptstress.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.explore.Execution;
import org.ioptstress.stress.explore.Explorer;
import org.ioptstress.stress.explore.Oracles;
import org.ioptstress.stress.explore.Program;
import org.ioptstress.stress.explore.Programs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The explorer's sequential throughput on one design and one core (issue 9's target: at least 20,000 ten-call
 * programs a second). One operation is one program of the explorer's own loop: generated from its seed (4 to 16
 * calls, mean 10), run on a fresh debug kernel (lockdep on) with the structural invariants checked after every call,
 * the context released, and judged by the oracles (reports, invariants, release). The differential oracle needs a
 * second design and is left out: with it every design adds one more run of the same cost.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ExploreBench -rf json -rff target/explore-bench.json</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class ExploreBench
{
    @State(Scope.Thread)
    public static class Explore
    {
        /** The design the programs run on (any suite design, or the explorer's reference upstream-tries-fix). */
        @Param({"v8"})
        public String design;

        /** The generator's seed: program n of a seed is the same on every machine. */
        @Param({"1"})
        public long seed;

        /** Check the structural invariants after every call, as the explorer does. */
        @Param({"true"})
        public boolean invariants;

        Design d;
        long n;
        long calls;

        @Setup
        public void setUp()
        {
            d = Explorer.design(design);
        }
    }

    /** One generated program, run and judged; returns the oracles' hits (kept from dead-code elimination). */
    @Benchmark
    public int program(final Explore s)
    {
        final Program p = Programs.generate(s.seed, s.n++);
        final Execution e = Execution.run(p, s.d, s.invariants);
        s.calls += p.size();
        return Oracles.judge(List.of(e), e).size();
    }
}
