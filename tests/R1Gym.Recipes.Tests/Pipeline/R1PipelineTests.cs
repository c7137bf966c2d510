using System.Text.Json;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Recipes.Demo;
using R1Gym.Training.Distillation;
using R1Gym.Recipes.Pipeline;
using R1Gym.Training;

namespace R1Gym.Recipes.Tests.Pipeline;

public sealed class R1PipelineTests : IDisposable
{
    private readonly string _run = Path.Combine(Path.GetTempPath(), "r1gym-pipeline-" + Guid.NewGuid().ToString("N"));

    /// <summary>Every stage a few steps on a tiny model: seconds on a CPU.</summary>
    private R1PipelineConfig TinyConfig() => new()
    {
        Output = _run,
        Device = "cpu",
        Task = AdditionTask.Id,
        TaskOptions = new() { ["digits"] = 2 },
        Model = new PipelineModelOptions { HiddenSize = 32, Layers = 1, Heads = 2, MaxPositions = 64 },
        ColdStartExamples = 64,
        ColdStart = new SftOptions { Steps = 15, BatchSize = 16, LearningRate = 3e-3, WarmupSteps = 2 },
        ReasoningRl = new GrpoOptions { Steps = 1, PromptsPerStep = 4, GroupSize = 4, MaxNewTokens = 24, LearningRate = 1e-3, TaskSeed = 21 },
        RejectionSampling = new RejectionSamplingOptions { Prompts = 8, SamplesPerPrompt = 2, MaxNewTokens = 24, TaskSeed = 31, BatchSize = 16 },
        Sft = new SftOptions { Steps = 4, BatchSize = 16, LearningRate = 3e-3, WarmupSteps = 1 },
        FinalRl = new GrpoOptions { Steps = 1, PromptsPerStep = 4, GroupSize = 4, MaxNewTokens = 24, LearningRate = 1e-3, TaskSeed = 41 },
        Eval = new() { Samples = 2, MaxProblems = 4, MaxNewTokens = 24, BatchSize = 16 },
    };

    [Fact]
    public async Task A_tiny_pipeline_runs_every_stage_skips_finished_ones_and_redoes_an_unfinished_one_from_its_checkpoint()
    {
        using var registry = TaskRegistry.FromPlugins(new DemoTasksPlugin());
        var pipeline = new R1Pipeline(registry);

        var first = await pipeline.RunAsync(TinyConfig());
        var second = await pipeline.RunAsync(TinyConfig());
        File.Delete(Path.Combine(_run, "5-final-rl", "stage.json"));
        var resumed = await pipeline.RunAsync(TinyConfig());

        first.Stages.Select(s => s.Name).Should().Equal(AllStages);
        first.Skipped.Should().BeEmpty();
        first.Stages.Where(s => s.Name is not ("base" or "rejection-sampling")).Should().OnlyContain(s => s.Overall != null && s.Overall.Problems == 4);
        File.ReadAllText(first.ReportMarkdown).Should().Contain("| final-rl |").And.Contain("| cold-start-sft |");
        File.Exists(first.Chart).Should().BeTrue();
        second.Skipped.Should().Equal(AllStages);
        second.Stages.Select(s => s.Overall?.PassAt1).Should().Equal(first.Stages.Select(s => s.Overall?.PassAt1));
        resumed.Skipped.Should().Equal(AllStages[..^1]);
        File.Exists(Path.Combine(_run, "5-final-rl", "stage.json")).Should().BeTrue();
        // The final checkpoint already held every step, so the resumed stage trained none: the metrics file keeps its rows.
        File.ReadAllLines(Path.Combine(_run, "5-final-rl", "metrics.jsonl")).Count(l => l.Length > 0).Should().Be(1);
        await RejectionSampledTracesAreAllVerified(registry, first);
    }

    private static readonly string[] AllStages = ["base", "cold-start-sft", "reasoning-rl", "rejection-sampling", "sft", "final-rl"];

    private static async Task RejectionSampledTracesAreAllVerified(ITaskRegistry registry, PipelineResult result)
    {
        var task = registry.Create(AdditionTask.Id, new() { ["digits"] = 2 }).RequireTask();
        var sampling = result.Stages.Single(s => s.Name == "rejection-sampling");
        var lines = File.ReadAllLines(sampling.Details!["data"]!.GetValue<string>()).Where(l => l.Length > 0).ToList();

        sampling.Details!["kept"]!.GetValue<int>().Should().Be(lines.Count);
        foreach (var line in lines)
        {
            var trace = JsonSerializer.Deserialize<SampledTrace>(line)!;
            var key = trace.Provenance.ProblemKey.Split(':');
            var problem = task.Generate(long.Parse(key[0]), int.Parse(key[1]));
            problem.Prompt.Should().Be(trace.Prompt);
            (await task.VerifyAsync(new VerifyArgs(problem, trace.Completion))).IsCorrect.Should().BeTrue();
            trace.Provenance.Temperature.Should().Be(0.6);
        }
    }

    [Fact]
    public void Overlapping_seeds_are_reported_with_every_other_error_at_once()
    {
        var config = TinyConfig();
        config.Task = "";
        config.FinalRl.TaskSeed = config.ReasoningRl.TaskSeed;
        config.Sft.BatchSize = 0;

        var act = () => config.ThrowIfInvalid();

        act.Should().Throw<R1GymException>().Where(e => e.Message.Contains("Task is required") && e.Message.Contains("seeds") && e.Message.Contains("BatchSize"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_run))
            Directory.Delete(_run, recursive: true);
    }
}
