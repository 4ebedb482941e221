package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The campaign's exploration budget: by mode unless given, 0 turns it off, never negative. */
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
}
