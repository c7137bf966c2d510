using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

/// <summary>
/// The uninterrupted runs the training tests compare against, made once: a tiny random model (<c>model create</c>),
/// a short cold-start SFT on the demo task's worked solutions (so GRPO's groups see different rewards and the weights
/// move), and a short GRPO run from the SFT model. Every run checkpoints each step, as the killed runs do.
/// </summary>
public sealed class TrainRuns : IAsyncLifetime
{
    /// <summary>The test collection sharing one set of runs (made once for every class that uses them).</summary>
    public const string Collection = "train runs";

    public const int SftSteps = 16;
    public const int GrpoSteps = 5;

    public string Root { get; } = Directory.CreateTempSubdirectory("r1gym-train-").FullName;

    public string Empty => Path.Combine(Root, "empty");

    public string BaseModel => Path.Combine(Root, "base");

    public string SftRun => Path.Combine(Root, "sft-full");

    public string GrpoRun => Path.Combine(Root, "grpo-full");

    /// <summary>
    /// One intra-op thread per r1gym process: on a shared 2-core machine two OpenMP threads per process spin against the
    /// other processes' and a tiny model's steps run ten times slower. Every run of a comparison uses the same setting.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" };

    public static Task<CliResult> RunAsync(IEnumerable<string> args) => CliProcess.RunAsync(args, environment: Environment);

    public CliResult Sft { get; private set; } = null!;

    public CliResult Grpo { get; private set; } = null!;

    /// <summary>Everything but the run folder of <c>train sft</c>: tiny batches, a high learning rate, a checkpoint every step.</summary>
    public string[] SftArgs(int steps = SftSteps) =>
    [
        "train", "sft", "--model", BaseModel, "--task", "demo/addition-v1", "--examples", "64", "--prompt-format", "compact",
        "--device", "cpu", "--json", "--plugins", Empty, "--tasks", Empty, "--no-builtins",
        "--set", $"Sft:Steps={steps}", "--set", "Sft:BatchSize=8", "--set", "Sft:LearningRate=0.003", "--set", "Sft:WarmupSteps=2",
        "--set", "Sft:CheckpointEvery=1",
    ];

    /// <summary>
    /// Everything but the run folder of <c>train grpo</c> from the SFT model. β &gt; 0 brings in the frozen reference model
    /// (it must stay the starting model across a resume); dynamic sampling moves the prompt cursor by a step's outcomes;
    /// the language reward spreads the rewards within a group.
    /// </summary>
    public string[] GrpoArgs(int steps = GrpoSteps) =>
    [
        "train", "grpo", "--model", Path.Combine(SftRun, "model"), "--task", "demo/addition-v1", "--prompt-format", "compact",
        "--device", "cpu", "--json", "--plugins", Empty, "--tasks", Empty, "--no-builtins",
        "--set", $"Grpo:Steps={steps}", "--set", "Grpo:PromptsPerStep=2", "--set", "Grpo:GroupSize=4", "--set", "Grpo:MaxNewTokens=24",
        "--set", "Grpo:LearningRate=0.001", "--set", "Grpo:Beta=0.05", "--set", "Grpo:CheckpointEvery=1",
        "--set", "Grpo:DynamicSampling=true", "--set", "Grpo:MaxSamplingRounds=2", "--set", "Rewards:LanguageWeight=1",
    ];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Empty);
        var create = await RunAsync(["model", "create", "--output", BaseModel, "--seed", "3"]);
        create.ExitCode.Should().Be(0, create.ToString());
        Sft = await RunAsync([.. SftArgs(), "--output", SftRun]);
        Sft.ExitCode.Should().Be(0, Sft.ToString());
        Grpo = await RunAsync([.. GrpoArgs(), "--output", GrpoRun]);
        Grpo.ExitCode.Should().Be(0, Grpo.ToString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    public static string Checkpoint(string run, int step) => Path.Combine(run, "checkpoints", $"step-{step:D6}");

    /// <summary>SHA-256 of a model folder's safetensors file: equal hashes, equal bytes.</summary>
    public static string Weights(string modelFolder) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(modelFolder, "model.safetensors"))));

    /// <summary>Copies a finished run's checkpoints and metrics (not its final model) to <paramref name="to"/>.</summary>
    public static void CopyRun(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(from, "checkpoints"), "*", SearchOption.AllDirectories).Append(Path.Combine(from, "metrics.jsonl")))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Each step's logged metrics, without the perf/ timings (the only figures allowed to differ between runs).</summary>
    public static IReadOnlyList<JsonObject> StepMetrics(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Where(l => l.Length > 0).Select(l =>
        {
            var row = JsonNode.Parse(l)!.AsObject();
            foreach (var key in row.Select(kv => kv.Key).Where(k => k.StartsWith("perf/", StringComparison.Ordinal)).ToList())
                row.Remove(key);
            return row;
        }).ToList();
}

[CollectionDefinition(TrainRuns.Collection)]
public sealed class TrainRunsCollection : ICollectionFixture<TrainRuns>;
