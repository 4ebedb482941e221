package org.ioptstress.stress.jcstress;

/**
 * The jcstress suite of iopt-stress. Its tests are not written by hand: the build's second compile runs
 * {@code org.ioptstress.stress.gen.GenerateJcstressTests}, which writes, for every scenario of
 * {@code org.ioptstress.stress.scenario.Scenarios}, a class {@code org.ioptstress.stress.jcstress.<Scenario>}
 * holding the scenario's {@code @Outcome}s and one nested {@code @JCStressTest} per design of
 * {@code org.ioptstress.design.Designs} (the generated sources are in
 * {@code stress-tests/target/generated-sources/annotations}). This class is that compile's only source.
 *
 * <p>Run everything: {@code ./iopt-stress campaign}; one race on one design:
 * {@code java -jar stress-tests/target/jcstress.jar -t 'UnmapVsMdevClose\.V8$'}.
 */
public final class JcstressSuite
{
    private JcstressSuite()
    {
    }
}
