using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

public sealed class ConformanceTests
{
    [Fact]
    public async Task A_well_behaved_task_passes_every_check()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var report = await Conformance.CheckAsync(registry, "arith/addition-v1");

        report.Passed.Should().BeTrue(report.ToString());
        report.Results.Select(r => r.Check).Should().Contain(
            ["options/unknown", "options/range/digits", "options/range/terms", "determinism", "reference", "hostile/empty", "hostile/garbage-1mb",
             "hostile/unclosed-think", "hostile/lone-surrogates", "hostile/unbalanced-boxed"]);
    }

    [Fact]
    public async Task A_well_behaved_environment_passes_reset_reference_and_hostile_checks()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var report = await Conformance.CheckAsync(registry, "games/guess-v1");

        report.Passed.Should().BeTrue(report.ToString());
        report.Results.Should().Contain(r => r.Check == "reference" && r.Status == ConformanceStatus.Passed);
        report.Results.Should().Contain(r => r.Check == "determinism" && r.Status == ConformanceStatus.Passed);
    }

    [Fact]
    public async Task An_environment_whose_reference_policy_cannot_win_fails()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var report = await Conformance.CheckAsync(registry, "games/guess-v1",
            new ConformanceOptions { TaskOptions = new JsonObject { ["max"] = 1000, ["turns"] = 3 } });

        report.Failures.Should().ContainSingle().Which.Check.Should().Be("reference");
    }

    [Fact]
    public async Task Non_deterministic_generators_fail_the_determinism_check()
    {
        var counter = 0;
        var registry = Register(() => new FlawedTask(prompt: () => $"p{Interlocked.Increment(ref counter)}"));

        var report = await Conformance.CheckAsync(registry, "bad/task-v1");

        report.Failures.Select(f => f.Check).Should().Contain("determinism");
    }

    [Fact]
    public async Task A_verifier_that_throws_or_accepts_hostile_output_fails_the_hostile_checks()
    {
        var registry = Register(() => new FlawedTask(verify: c => c.Length > 100_000 ? throw new OutOfMemoryException("too big") : Verdict.Correct()));

        var report = await Conformance.CheckAsync(registry, "bad/task-v1");
        var failures = report.Failures.ToDictionary(f => f.Check, f => f.Message);

        failures.Should().ContainKey("hostile/garbage-1mb").WhoseValue.Should().Contain("verifier error: OutOfMemoryException");
        failures.Should().ContainKey("hostile/unclosed-think").WhoseValue.Should().Contain("expected 0");
        failures.Should().NotContainKey("hostile/empty", "the base class scores empty output 0 itself");
    }

    [Fact]
    public async Task A_reference_solution_that_does_not_score_one_fails()
    {
        var registry = Register(() => new FlawedTask(verify: _ => Verdict.Partial(0.5, "half"), solve: _ => R1Format.Compose("r", "a")));

        var report = await Conformance.CheckAsync(registry, "bad/task-v1");

        report.Failures.Should().Contain(f => f.Check == "reference" && f.Message.Contains("scored 0.5 (half), expected 1"));
    }

    [Fact]
    public async Task A_reference_solution_outside_the_R1_format_fails()
    {
        var registry = Register(() => new FlawedTask(solve: _ => "just the answer"));

        var report = await Conformance.CheckAsync(registry, "bad/task-v1");

        report.Failures.Should().Contain(f => f.Check == "reference" && f.Message.Contains("not in the R1 format"));
    }

    [Fact]
    public async Task Options_without_range_validation_are_reported_as_accepted()
    {
        var registry = TaskRegistry.FromPlugins(new LambdaPlugin(tasks =>
            tasks.AddTask<LaxOptions>("bad/lax-v1", o => new FlawedTask())));

        var report = await Conformance.CheckAsync(registry, "bad/lax-v1");

        report.Results.Should().Contain(r => r.Check == "options/range" && r.Status == ConformanceStatus.Skipped);
    }

    [Fact]
    public async Task A_factory_that_throws_is_reported_not_thrown()
    {
        var registry = Register(() => throw new InvalidOperationException("no model"));

        var report = await Conformance.CheckAsync(registry, "bad/task-v1");

        report.Failures.Should().Contain(f => f.Check == "create" && f.Message.Contains("no model"));
    }

    [Fact]
    public async Task Checking_all_tasks_includes_load_failures()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin(), new LambdaPlugin(_ => throw new InvalidOperationException("broken")));

        var reports = await Conformance.CheckAllAsync(registry, new ConformanceOptions { Samples = 2 });

        reports.Should().HaveCount(3);
        reports.Count(r => !r.Passed).Should().Be(1);
        reports.Single(r => !r.Passed).Failures.Single().Check.Should().Be("load");
    }

    [Fact]
    public async Task Checking_an_unknown_id_throws_with_suggestions()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var act = () => Conformance.CheckAsync(registry, "games/gues-v1");

        (await act.Should().ThrowAsync<UnknownTaskException>()).Which.Suggestions.Should().Contain("games/guess-v1");
    }

    [Fact]
    public async Task A_prompt_snapshot_is_written_once_then_changes_are_caught()
    {
        using var dir = new TempDirectory();
        var options = new ConformanceOptions { SnapshotDirectory = dir.Path, Samples = 3 };
        var prompt = "stable";
        var registry = Register(() => new FlawedTask(prompt: () => prompt));

        var first = await Conformance.CheckAsync(registry, "bad/task-v1", options);
        var second = await Conformance.CheckAsync(registry, "bad/task-v1", options);
        prompt = "changed";
        var third = await Conformance.CheckAsync(registry, "bad/task-v1", options);

        first.Results.Should().Contain(r => r.Check == "snapshot" && r.Status == ConformanceStatus.Passed && r.Message.StartsWith("wrote"));
        second.Results.Should().Contain(r => r.Check == "snapshot" && r.Status == ConformanceStatus.Passed && r.Message.Contains("match"));
        third.Failures.Should().Contain(f => f.Check == "snapshot" && f.Message.Contains("bump the id's -vN"));
        File.Exists(Path.Combine(dir.Path, "bad_task-v1.received.txt")).Should().BeTrue();
    }

    private static TaskRegistry Register(Func<IReasoningTask> create) =>
        TaskRegistry.FromPlugins(new LambdaPlugin(tasks => tasks.AddTask<NoOptions>("bad/task-v1", _ => create())));

    private sealed record LaxOptions : TaskOptions
    {
        public int Size { get; init; } = 3;
    }

    private sealed class FlawedTask(Func<string>? prompt = null, Func<string, Verdict>? verify = null, Func<Problem, string?>? solve = null)
        : ReasoningTask<NoOptions>(new NoOptions())
    {
        protected override Problem Create(Random random, int index) => new(prompt?.Invoke() ?? $"q{random.Next()}", "a");

        protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
            ValueTask.FromResult(verify?.Invoke(args.Completion) ?? (args.FinalAnswer == "a" ? Verdict.Correct() : Verdict.Wrong("no")));

        public override string? Solve(Problem problem) => solve?.Invoke(problem);
    }
}
