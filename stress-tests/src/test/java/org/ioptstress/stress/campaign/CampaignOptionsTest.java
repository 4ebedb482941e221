package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The campaign's exploration budget: by mode unless given, 0 turns it off, never negative. jcstress options after
 * {@code --} replace the mode's (jcstress refuses an option twice).
 */
class CampaignOptionsTest
{
    @Test
    void explorationFollowsTheModeUnlessGiven()
    {
        assertThat(Campaign.parse(new String[0]).exploreSeconds).as("the mode's").isEqualTo(-1);
        assertThat(Mode.QUICK.exploreSeconds()).isEqualTo(20);
        assertThat(Mode.SANITY.exploreSeconds()).as("CI's pass explores nothing").isZero();
        assertThat(Mode.POWER.exploreSeconds()).isZero();
        assertThat(Campaign.parse(new String[] {"--explore-seconds", "0"}).exploreSeconds).isZero();
        assertThat(Campaign.parse(new String[] {"--explore-seconds", "7"}).exploreSeconds).isEqualTo(7);
    }

    @Test
    void aNegativeBudgetIsBadInput()
    {
        assertThatThrownBy(() -> Campaign.parse(new String[] {"--explore-seconds", "-1"}))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("--explore-seconds needs an integer >= 0, not '-1'");
    }

    @Test
    void aJcstressOptionAfterDashesReplacesTheModes()
    {
        final java.util.List<String> args = new java.util.ArrayList<>(Mode.QUICK.jcstressArgs());
        args.addAll(java.util.List.of("-c", "2", "-r", "results"));

        JcstressRunner.overridden(args, java.util.List.of("-strideCount", "2", "-jvmArgsPrepend", "-Xlog:gc", "-f", "3"));

        assertThat(String.join(" ", args)).isEqualTo("-m quick -iters 1 -time 300 -strideSize 64 -jvmArgs "
            + "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -sc false -pth false -c 2 -r results -strideCount 2 -jvmArgsPrepend "
            + "-Xlog:gc -f 3");
    }
}
