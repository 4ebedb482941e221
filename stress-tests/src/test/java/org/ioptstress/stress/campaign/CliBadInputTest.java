package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every command line's bad input (campaign, merge, list, model-check; model-check's option values in ModelCheckCliTest,
 * explore's in ExploreCliTest, bench's in BenchCampaignTest): one line naming the option, exit 2, no stack trace; --help is generated and exits 0.
 */
class CliBadInputTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--designs v9                 | unknown design 'v9'; known: ",
        "--scenarios nope             | unknown scenario 'nope'",
        "--mode huge                  | unknown mode 'huge'",
        "--cpus 0                     | --cpus needs a positive integer, not '0'",
        "--cpus many                  | --cpus needs a positive integer, not 'many'",
        "--explore-seconds -1         | --explore-seconds needs an integer >= 0, not '-1'",
        "--mc-invocations x           | --mc-invocations needs a positive integer",
        "--first-failure-runs 0       | --first-failure-runs needs a positive integer",
        "--fork-stall-seconds 0       | --fork-stall-seconds needs a positive integer",
        "--shard 2/2                  | --shard",
        "--shards 0                   | --shards needs a positive integer",
        "--plan -3                    | --plan needs a positive integer",
        "--bogus                      | Unknown option: '--bogus'",
        "stray                        | Unmatched argument at index 0: 'stray'",
        "--out                        | Missing required parameter for option '--out'"})
    void campaignRefusesBadInputInOneLine(final String args, final String message)
    {
        refusedInOneLine(Campaign::parse, args, message);
    }

    @Test
    void campaignPassesWhatFollowsDashesToJcstress()
    {
        final Campaign.Options o = Campaign.parse(new String[] {"--designs", "v8", "--", "-v", "--bogus"});

        assertThat(o.designs).containsExactly("v8");
        assertThat(o.extraJcstressArgs).containsExactly("-v", "--bogus");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "merge | ''                | no result directory to merge",
        "merge | a --wait 0        | --wait needs a positive integer, not '0'",
        "merge | a --bogus         | Unknown option: '--bogus'",
        "merge | a --out           | Missing required parameter for option '--out'",
        "list  | nope              | unknown list 'nope'; known: designs, scenarios, modes",
        "list  | Designs           | unknown list 'Designs'",
        "list  | designs scenarios | Unmatched argument at index 1: 'scenarios'",
        "list  | --bogus           | Unknown option: '--bogus'"})
    void mergeAndListRefuseBadInputInOneLine(final String command, final String args, final String message)
    {
        refusedInOneLine("merge".equals(command.strip()) ? Merge::parse : ListCommand::parse, args, message);
    }

    @Test
    void listExitsTwoWithOneLineAndGeneratesItsHelp() throws Exception
    {
        final Run bad = java(ListCommand.class.getName(), "roles");
        assertThat(bad.exit()).as(bad.stderr()).isEqualTo(2);
        assertThat(bad.stderr()).hasLineCount(1).isEqualTo("iopt-stress list: unknown list 'roles'; known: designs, scenarios,"
            + " modes (iopt-stress list --help lists the options)\n");
        assertThat(bad.stdout()).isEmpty();

        final Run help = java(ListCommand.class.getName(), "--help");
        assertThat(help.exit()).as(help.stderr()).isZero();
        assertThat(help.stdout()).startsWith("Usage: list").contains("WHAT", "designs, scenarios or modes", "Exit: 0");
    }

    /** {@code parse} of {@code args} (blank: none) throws an IllegalArgumentException of one line saying {@code message}. */
    private static void refusedInOneLine(final Function<String[], ?> parse, final String args, final String message)
    {
        final String[] argv = args.isBlank() ? new String[0] : args.strip().split(" +");
        assertThatThrownBy(() -> parse.apply(argv)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message.strip()).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private record Run(int exit, String stdout, String stderr)
    {
    }

    private static Run java(final String main, final String... args) throws Exception
    {
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @ParameterizedTest
    @CsvSource({"org.ioptstress.stress.campaign.Campaign, iopt-stress campaign",
        "org.ioptstress.stress.campaign.Merge, iopt-stress merge",
        "org.ioptstress.stress.modelcheck.ModelCheck, model-check"})
    void eachCommandExitsTwoWithOneLineAndGeneratesItsHelp(final String main, final String name) throws Exception
    {
        final Run bad = java(main, "--bogus", "x");
        assertThat(bad.exit()).as(bad.stderr()).isEqualTo(2);
        assertThat(bad.stderr()).hasLineCount(1).startsWith(name + ": Unknown option").contains("'--bogus'")
            .contains("--help lists the options").doesNotContain("\tat ");

        final Run help = java(main, "--help");
        assertThat(help.exit()).as(help.stderr()).isZero();
        assertThat(help.stdout()).startsWith("Usage: " + name).contains("--out", "Exit: 0");
    }

    @Test
    void theCompletionScriptKnowsEveryCommandAndOption() throws Exception
    {
        final Run r = java(Completion.class.getName());

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("iopt-stress", "campaign", "merge", "model-check", "explore", "list")
            .contains("--designs", "--explore-seconds", "--wait", "--budget", "--programs", "v8")
            .contains("WHAT_pos_param_args=(\"designs\" \"scenarios\" \"modes\")");
    }
}
