using Microsoft.Extensions.DependencyInjection;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

/// <summary>
/// Script tasks that misbehave at load (endless loop, endless recursion, Environment.Exit) are vetted in a child
/// process: each becomes a load failure naming its file, the test process survives, and the other tasks still load.
/// </summary>
public sealed class HostileScriptTests : IDisposable
{
    private const string Good = """
        public sealed record GoodOptions : TaskOptions;
        Tasks.AddTask<GoodOptions>("demo/good-v1", o => throw new NotSupportedException(), "A well-behaved script");
        """;

    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    // Only the endless loop waits for the time limit; the others end on their own, so they get a generous one (a cold
    // compile on a busy machine can take long, and must not be mistaken for a hang).
    [Theory]
    [InlineData("while (true) { }", 15, "did not finish loading within")]
    [InlineData("int Down(int n) => Down(n + 1) + 1;\nDown(0);", 300, "stack overflow")]
    [InlineData("System.Environment.Exit(3);", 300, "exit code 3")]
    [InlineData("System.Environment.Exit(0);", 300, "Environment.Exit")]
    [InlineData("throw new InvalidOperationException(\"boom at load\");", 300, "boom at load")]
    public void A_script_that_misbehaves_at_load_fails_alone_and_is_named(string body, int timeoutSeconds, string reason)
    {
        using var dir = new TempDirectory();
        dir.Write("good.csx", Good);
        LoadAll(dir.Path);
        var hostile = dir.Write("hostile.csx", body);

        using var services = Build(dir.Path, timeoutSeconds);
        var registry = services.GetRequiredService<ITaskRegistry>();

        var failure = registry.Failures.Should().ContainSingle().Subject;
        failure.Source.Should().EndWith("hostile.csx");
        failure.Reason.Should().Contain(hostile).And.Contain(reason);
        registry.Find("demo/good-v1").Should().NotBeNull("one hostile script does not take the others down");
    }

    [Fact]
    public void A_vetted_script_is_loaded_from_the_cache_without_another_child_process()
    {
        using var dir = new TempDirectory();
        var marker = Path.Combine(dir.Path, "runs.txt");
        dir.Write("counted.csx", $"System.IO.File.AppendAllText(@\"{marker}\", \"x\");\n{Good}");

        LoadAll(dir.Path);
        var afterFirst = File.ReadAllText(marker);
        LoadAll(dir.Path);
        var afterSecond = File.ReadAllText(marker);

        afterFirst.Should().Be("xx", "the first load registers once in the probe process and once here");
        afterSecond.Should().Be("xxx", "the second load reuses the vetted assembly and registers only here");
        Directory.GetFiles(_cache.Path, "*.dll").Should().ContainSingle();
    }

    [Fact]
    public void An_edited_script_is_vetted_again()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("edited.csx", Good);
        LoadAll(dir.Path);

        File.WriteAllText(path, "while (true) { }");
        using var services = Build(dir.Path, timeoutSeconds: 20);

        services.GetRequiredService<ITaskRegistry>().Failures.Should().ContainSingle()
            .Which.Reason.Should().Contain("did not finish loading within");
    }

    private void LoadAll(string tasks)
    {
        using var services = Build(tasks, timeoutSeconds: 300);
        var failures = services.GetRequiredService<ITaskRegistry>().Failures;
        failures.Should().BeEmpty(string.Join("; ", failures));
    }

    private ServiceProvider Build(string tasks, int timeoutSeconds) =>
        GymHost.Build(plugins: null, tasks, settings: new Dictionary<string, string?>
        {
            ["Gym:ScriptCacheDirectory"] = _cache.Path,
            ["Gym:ScriptLoadTimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
