using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

public sealed class PluginLoadingTests
{
    private const string GoodPlugin = """
        using R1Gym.Abstractions;
        namespace Good;
        public sealed class EchoTask(NoOptions options) : ReasoningTask<NoOptions>(options)
        {
            protected override Problem Create(Random random, int index) => new($"Say {index}", index.ToString());
            protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken ct) =>
                ValueTask.FromResult(args.FinalAnswer == args.Problem.Answer ? Verdict.Correct() : Verdict.Wrong("no"));
            public override string? Solve(Problem problem) => R1Format.Compose("easy", problem.Answer);
        }
        public sealed class GoodPlugin : ITaskPlugin
        {
            public void Register(ITaskCatalog tasks) => tasks.AddTask<NoOptions>("good/echo-v1", o => new EchoTask(o), "VERSION");
        }
        """;

    [Fact]
    public async Task A_plugin_assembly_built_during_the_test_loads_in_its_own_context_and_passes_conformance()
    {
        using var dir = new TempDirectory();
        var assembly = PluginCompiler.Compile(dir.Path, "Good", GoodPlugin.Replace("VERSION", "first"));
        using var services = GymHost.Build(dir.Path, tasks: null);
        var registry = services.GetRequiredService<ITaskRegistry>();

        var descriptor = registry.Get("good/echo-v1");
        var task = registry.Create("good/echo-v1").Task!;
        var report = await Conformance.CheckAsync(registry, "good/echo-v1");

        descriptor.Source.Should().Be("Good");
        descriptor.Description.Should().Be("first");
        System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(task.GetType().Assembly).Should()
            .NotBe(System.Runtime.Loader.AssemblyLoadContext.Default);
        task.Should().BeAssignableTo<IReasoningTask>("the SDK types are shared with the host");
        report.Failures.Should().BeEmpty();
        File.Exists(assembly).Should().BeTrue();
    }

    [Fact]
    public void A_broken_plugin_is_reported_with_name_and_reason_and_the_others_still_load()
    {
        using var dir = new TempDirectory();
        PluginCompiler.Compile(dir.Path, "Good", GoodPlugin);
        dir.Write("Garbage/Garbage.dll", "this is not an assembly");
        PluginCompiler.Compile(dir.Path, "Throws", """
            using R1Gym.Abstractions;
            public sealed class ThrowingPlugin : ITaskPlugin
            {
                public void Register(ITaskCatalog tasks) => throw new InvalidOperationException("database unreachable");
            }
            """);
        PluginCompiler.Compile(dir.Path, "Empty", "public sealed class NotAPlugin { }");
        dir.Write("Misnamed/Other.dll", "x");
        Directory.CreateDirectory(Path.Combine(dir.Path, "NotBuiltYet"));
        using var services = GymHost.Build(dir.Path, tasks: null);
        var registry = services.GetRequiredService<ITaskRegistry>();

        var failures = registry.Failures.ToDictionary(f => f.Source, f => f.Reason);

        registry.All.Select(d => d.Id).Should().Equal("good/echo-v1");
        failures.Keys.Should().BeEquivalentTo(["Garbage", "Throws", "Empty", "Misnamed"]);
        failures["Garbage"].Should().Contain("Garbage.dll");
        failures["Throws"].Should().Be("InvalidOperationException: database unreachable");
        failures["Empty"].Should().Contain("no public class implementing R1Gym.Abstractions.ITaskPlugin");
        failures["Misnamed"].Should().Contain("no Misnamed.dll");
    }

    [Fact]
    public async Task Watching_reloads_a_plugin_when_its_build_output_changes()
    {
        using var dir = new TempDirectory();
        PluginCompiler.Compile(dir.Path, "Good", GoodPlugin.Replace("VERSION", "first"));
        using var services = GymHost.Build(dir.Path, tasks: null, watch: true);
        var registry = services.GetRequiredService<ITaskRegistry>();
        registry.Get("good/echo-v1").Description.Should().Be("first");
        var reloaded = new TaskCompletionSource<TasksReloadedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.Reloaded += (_, e) => reloaded.TrySetResult(e);

        PluginCompiler.Compile(dir.Path, "Good", GoodPlugin.Replace("VERSION", "second"));
        var change = await reloaded.Task.WaitAsync(TimeSpan.FromMinutes(1));

        change.Source.Should().Be("Good");
        change.TaskIds.Should().Equal("good/echo-v1");
        change.Failure.Should().BeNull();
        registry.Get("good/echo-v1").Description.Should().Be("second");
    }

    [Fact]
    public void In_process_plugins_registered_in_DI_join_the_registry()
    {
        using var services = GymHost.Build(plugins: null, tasks: null, configure: s => s.AddTaskPlugin<SamplePlugin>().AddTaskPlugin<SamplePlugin>());
        var registry = services.GetRequiredService<ITaskRegistry>();

        registry.All.Should().HaveCount(2, "adding the same plugin twice is idempotent");
        registry.Failures.Should().BeEmpty();
    }

    [Fact]
    public void A_configured_plugins_folder_that_does_not_exist_is_a_clear_error()
    {
        using var services = GymHost.Build("/nonexistent/r1gym-plugins", tasks: null);
        var registry = services.GetRequiredService<ITaskRegistry>();

        var act = () => registry.All;

        act.Should().Throw<R1GymException>().WithMessage("*'/nonexistent/r1gym-plugins'*does not exist*");
    }
}
