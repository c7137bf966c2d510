using Microsoft.Extensions.DependencyInjection;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

public sealed class ScriptTaskTests
{
    private const string Script = """
        public sealed record ParityOptions : TaskOptions
        {
            [Range(1, 1000)]
            public int Max { get; init; } = 100;
        }

        public sealed class ParityTask(ParityOptions options) : ReasoningTask<ParityOptions>(options)
        {
            protected override Problem Create(Random random, int index)
            {
                int n = random.Next(1, Options.Max + 1);
                return new Problem($"Is {n} even? Answer yes or no.", n % 2 == 0 ? "yes" : "no");
            }

            protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
                ValueTask.FromResult(string.Equals(args.FinalAnswer, args.Problem.Answer, StringComparison.OrdinalIgnoreCase)
                    ? Verdict.Correct() : Verdict.Wrong($"expected {args.Problem.Answer}"));

            public override string? Solve(Problem problem) => R1Format.Compose("Check the last digit.", problem.Answer);
        }

        Tasks.AddTask<ParityOptions>("logic/parity-v1", o => new ParityTask(o), "Is it even?");
        """;

    [Fact]
    public async Task A_script_task_registers_through_the_same_contract_and_passes_conformance()
    {
        using var dir = new TempDirectory();
        dir.Write("parity/parity.csx", Script);
        using var services = GymHost.Build(plugins: null, dir.Path);
        var registry = services.GetRequiredService<ITaskRegistry>();

        var descriptor = registry.Get("logic/parity-v1");
        var report = await Conformance.CheckAsync(registry, "logic/parity-v1");

        descriptor.SourceKind.Should().Be(TaskSourceKind.Script);
        descriptor.Source.Should().EndWith("parity/parity.csx");
        descriptor.OptionsType.Name.Should().Be("ParityOptions");
        report.Failures.Should().BeEmpty();
        report.Results.Should().Contain(r => r.Check == "options/range/max" && r.Status == ConformanceStatus.Passed);
    }

    [Fact]
    public void A_script_with_a_compile_error_is_reported_with_file_line_and_column()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("broken.csx", "// first line\nvar x = 1;\nint y = \"text\";\n");
        dir.Write("good.csx", Script);
        using var services = GymHost.Build(plugins: null, dir.Path);
        var registry = services.GetRequiredService<ITaskRegistry>();

        var failure = registry.Failures.Should().ContainSingle().Subject;

        failure.Source.Should().EndWith("broken.csx");
        failure.Reason.Should().Contain($"{path}(3,9): error CS0029");
        registry.Find("logic/parity-v1").Should().NotBeNull("one broken script does not take the others down");
    }

    [Fact]
    public void Compile_errors_raise_a_typed_exception_listing_every_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("two.csx", "int a = \"x\";\nundefinedCall();\n");

        var act = () => ScriptTaskSource.Compile(path);

        var error = act.Should().Throw<ScriptCompilationException>().Which;
        error.Errors.Should().HaveCount(2);
        error.Errors[1].Should().StartWith($"{path}(2,1): error CS0103");
    }

    [Fact]
    public void A_script_is_compiled_once_and_cached_by_content()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("cached.csx", Script.Replace("logic/parity-v1", "logic/parity-cached-v1"));

        var first = ScriptTaskSource.Compile(path);
        var second = ScriptTaskSource.Compile(path);
        File.AppendAllText(path, "\n// edited\n");
        var third = ScriptTaskSource.Compile(path);

        second.Should().BeSameAs(first);
        third.Should().NotBeSameAs(first);
    }

    [Fact]
    public void The_shipped_example_script_task_loads()
    {
        var tasks = Path.Combine(TaskPaths.RepositoryRoot(AppContext.BaseDirectory)!, "tasks", "scripts");
        using var services = GymHost.Build(plugins: null, tasks);
        var registry = services.GetRequiredService<ITaskRegistry>();

        registry.Failures.Should().BeEmpty();
        registry.Get("text/letter-count-v1").SourceKind.Should().Be(TaskSourceKind.Script);
    }
}
