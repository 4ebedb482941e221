package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The engines' recipes (deploy/k8s/campaign-job.yaml, .github/workflows/campaign.yml, deploy/Dockerfile) parse, and
 * call the campaign and the merge only with options their command lines accept, with one N everywhere.
 */
class DeployFilesTest
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @SuppressWarnings("unchecked")
    private static <T> T at(final Object node, final String... path)
    {
        Object o = node;
        for (final String key : path)
        {
            assertThat(o).as("%s in %s", key, Arrays.toString(path)).isInstanceOf(Map.class);
            o = ((Map<String, Object>)o).get(key);
            assertThat(o).as("%s of %s", key, Arrays.toString(path)).isNotNull();
        }
        return (T)o;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesManifestIsAnIndexedJobOfShardsAndAMergeJobOnOneVolume() throws Exception
    {
        final List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(ROOT.resolve("deploy/k8s/campaign-job.yaml")))
        {
            for (final Object doc : new Yaml().loadAll(r))
            {
                docs.add((Map<String, Object>)doc);
            }
        }
        final Map<String, Object> pvc = docs.stream().filter(d -> "PersistentVolumeClaim".equals(d.get("kind"))).findFirst().orElseThrow();
        final String claim = at(pvc, "metadata", "name");
        final List<Map<String, Object>> jobs = docs.stream().filter(d -> "Job".equals(d.get("kind"))).toList();
        assertThat(jobs).hasSize(2);

        final Map<String, Object> shards = jobs.stream().filter(j -> j.get("spec") instanceof Map
            && "Indexed".equals(((Map<String, Object>)j.get("spec")).get("completionMode"))).findFirst().orElseThrow();
        final int n = at(shards, "spec", "completions");
        assertThat((int)at(shards, "spec", "parallelism")).as("parallelism = completions").isEqualTo(n);
        final Map<String, Object> shardPod = at(shards, "spec", "template", "spec");
        assertThat((String)at(shardPod, "restartPolicy")).isEqualTo("Never");
        final List<String> shardArgs = container(shardPod, claim);
        assertThat(shardArgs.get(0)).isEqualTo("campaign");
        /* Kubernetes expands $(JOB_COMPLETION_INDEX) in args; the campaign also reads it for --shards */
        for (int i = 0; i < n; i++)
        {
            final int index = i;
            final List<String> args = shardArgs.subList(1, shardArgs.size()).stream()
                .map(a -> a.replace("$(JOB_COMPLETION_INDEX)", Integer.toString(index))).toList();
            final Campaign.Options o = Campaign.parse(args.toArray(String[]::new));
            Shard.resolveIndex(o, Map.of("JOB_COMPLETION_INDEX", Integer.toString(index)));
            assertThat(o.shardCount).as("--shards = completions").isEqualTo(n);
            assertThat(o.shardIndex).isEqualTo(index);
            assertThat(o.resume).as("a retried pod resumes its directory").isNotNull();
            assertThat(o.resume.toString()).startsWith("/results/shards/shard-");
        }

        final Map<String, Object> merge = jobs.stream().filter(j -> j != shards).findFirst().orElseThrow();
        final List<String> mergeArgs = container(at(merge, "spec", "template", "spec"), claim);
        assertThat(mergeArgs.get(0)).isEqualTo("merge");
        final Merge.Args m = Merge.parse(mergeArgs.subList(1, mergeArgs.size()).toArray(String[]::new));
        assertThat(m.inputs).containsExactly(Path.of("/results/shards"));
        assertThat(m.waitSeconds).as("the merge waits for the shards, not beyond its deadline")
            .isPositive().isLessThan(((Number)at(merge, "spec", "activeDeadlineSeconds")).longValue())
            .isGreaterThanOrEqualTo(((Number)at(shards, "spec", "activeDeadlineSeconds")).longValue());
        assertThat(m.out.toString()).startsWith("/results/");
    }

    /** The pod's only container's args, after checking it mounts the claim at /results. */
    @SuppressWarnings("unchecked")
    private static List<String> container(final Map<String, Object> pod, final String claim)
    {
        final List<Map<String, Object>> containers = at(pod, "containers");
        assertThat(containers).hasSize(1);
        final Map<String, Object> c = containers.get(0);
        final List<Map<String, Object>> mounts = at(c, "volumeMounts");
        final List<Map<String, Object>> volumes = at(pod, "volumes");
        assertThat(mounts).singleElement().satisfies(v -> assertThat(v.get("mountPath")).isEqualTo("/results"));
        assertThat(volumes).singleElement().satisfies(v -> {
            assertThat(v.get("name")).isEqualTo(mounts.get(0).get("name"));
            assertThat(((Map<String, Object>)v.get("persistentVolumeClaim")).get("claimName")).isEqualTo(claim);
        });
        return ((List<Object>)c.get("args")).stream().map(String::valueOf).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWorkflowRunsAMatrixOfShardsAndAMergeThatPublishesTheReport() throws Exception
    {
        final Map<String, Object> wf;
        try (Reader r = Files.newBufferedReader(ROOT.resolve(".github/workflows/campaign.yml")))
        {
            wf = new Yaml().load(r);
        }
        final Map<String, Object> jobs = at(wf, "jobs");
        final Map<String, Object> shard = at(jobs, "shard");
        final List<Object> matrix = at(shard, "strategy", "matrix", "shard");
        final int n = matrix.size();
        assertThat(matrix).isEqualTo(new ArrayList<>(java.util.stream.IntStream.range(0, n).boxed().toList()));
        assertThat((Boolean)at(shard, "strategy", "fail-fast")).as("one shard's failure keeps the others").isFalse();
        /* YAML 1.1 reads the key `on` as true */
        final List<String> modes = at(wf.containsKey("on") ? wf.get("on") : wf.get(Boolean.TRUE), "workflow_dispatch", "inputs", "mode",
            "options");
        final List<Map<String, Object>> steps = at(shard, "steps");
        final String run = steps.stream().map(s -> (String)s.get("run")).filter(r -> r != null && r.contains("iopt-stress campaign"))
            .findFirst().orElseThrow();
        for (final Object index : matrix)
        {
            for (final String mode : modes)
            {
                final Campaign.Options o = Campaign.parse(command(run, "campaign", Map.of("matrix.shard", index.toString(),
                    "inputs.mode", mode)));
                assertThat(o.shardIndex + "/" + o.shardCount).isEqualTo(index + "/" + n);
                assertThat(o.mode.id()).isEqualTo(mode);
                assertThat(o.out.toString()).isEqualTo("results/shard-" + index);
            }
        }
        final Map<String, Object> upload = steps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/upload-artifact"))
            .findFirst().orElseThrow();
        assertThat((String)at(upload, "if")).isEqualTo("always()");
        assertThat((String)at(upload, "with", "path")).contains("results/shard-${{ matrix.shard }}", "!results/**/jvm");

        final Map<String, Object> merge = at(jobs, "merge");
        assertThat((String)at(merge, "needs")).isEqualTo("shard");
        assertThat((String)at(merge, "if")).as("merge what the shards left, even when one failed").isEqualTo("always()");
        final List<Map<String, Object>> mergeSteps = at(merge, "steps");
        final Map<String, Object> download = mergeSteps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/download-artifact"))
            .findFirst().orElseThrow();
        final String shardsDir = at(download, "with", "path");
        final String mergeRun = mergeSteps.stream().map(s -> (String)s.get("run")).filter(r -> r != null && r.contains("iopt-stress merge"))
            .findFirst().orElseThrow();
        final Merge.Args m = Merge.parse(command(mergeRun, "merge", Map.of()));
        assertThat(m.inputs).containsExactly(Path.of(shardsDir));
        final Map<String, Object> publish = mergeSteps.get(mergeSteps.size() - 1);
        assertThat((String)at(publish, "uses")).startsWith("actions/upload-artifact");
        assertThat((String)at(publish, "with", "path")).isEqualTo(m.out.toString());
    }

    /** The arguments after {@code ./iopt-stress <command>} in a workflow's run line, expressions substituted. */
    private static String[] command(final String run, final String command, final Map<String, String> values)
    {
        final Matcher expr = Pattern.compile("\\$\\{\\{\\s*([^}]*?)\\s*}}").matcher(run.strip());
        final StringBuilder sb = new StringBuilder();
        while (expr.find())
        {
            assertThat(values).as("a value for ${{ %s }}", expr.group(1)).containsKey(expr.group(1));
            expr.appendReplacement(sb, Matcher.quoteReplacement(values.get(expr.group(1))));
        }
        expr.appendTail(sb);
        final List<String> words = List.of(sb.toString().split("\\s+"));
        assertThat(words.subList(0, 2)).containsExactly("./iopt-stress", command);
        return words.subList(2, words.size()).toArray(String[]::new);
    }

    @Test
    void theImageIsBuiltWithTheWrapperOnADebianJdk17AndRunsTheCommand() throws Exception
    {
        final List<String> lines = Files.readAllLines(ROOT.resolve("deploy/Dockerfile")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines.get(0)).matches("FROM debian:[a-z]+(-slim)?");
        final String all = String.join("\n", lines);
        assertThat(all).contains("openjdk-17-jdk-headless", "./mvnw -B", "COPY . .", "ENTRYPOINT [\"./iopt-stress\"]");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("**/target");
    }
}
