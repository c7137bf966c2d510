namespace R1Gym.Cli.Tests;

/// <summary>
/// The plugin author's path end to end, against the packed SDK: each template of R1Gym.Templates is generated from a
/// private hive, built and tested with packages restored from the packed folder (plus the usual NuGet feed), and
/// loaded by <c>r1gym check</c>.
/// </summary>
[Collection(PackedSdk.Collection)]
public sealed class TemplateTests(PackedSdk sdk) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("r1gym-templates-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_task_plugin_from_r1gym_task_builds_passes_its_tests_and_passes_check()
    {
        var project = Path.Combine(_root, "Acme.Sudoku");

        var created = await sdk.NewAsync("r1gym-task", "Acme.Sudoku", project, "--packages", sdk.Packages, "--sdk-version", sdk.Version);
        var test = await PackedSdk.Dotnet(project, "test");
        var check = await CliProcess.RunAsync(["check", "sudoku/sudoku-v1", "--plugins", Path.Combine(project, "artifacts", "plugins"), "--tasks", _root]);

        created.ExitCode.Should().Be(0, created.ToString());
        File.ReadAllText(Path.Combine(project, "src", "Acme.Sudoku", "SudokuTask.cs")).Should().Contain("public sealed class SudokuTask");
        test.ExitCode.Should().Be(0, test.ToString());
        test.Stdout.Should().Contain("Passed!").And.Contain("Failed:     0");
        File.Exists(Path.Combine(project, "artifacts", "plugins", "Acme.Sudoku", "Acme.Sudoku.dll")).Should().BeTrue("dotnet build puts the plugin under artifacts/plugins/");
        File.Exists(Path.Combine(project, "artifacts", "plugins", "Acme.Sudoku", "R1Gym.Abstractions.dll")).Should().BeFalse("the host shares its own SDK");
        check.ExitCode.Should().Be(0, check.ToString());
        check.Stdout.Should().Contain("ok   sudoku/sudoku-v1");
    }

    [Fact]
    public async Task An_environment_plugin_from_r1gym_env_builds_passes_its_tests_and_passes_check()
    {
        var project = Path.Combine(_root, "acme-guess");

        var created = await sdk.NewAsync("r1gym-env", "acme-guess", project, "--task-id", "games/guess-v1", "--packages", sdk.Packages, "--sdk-version", sdk.Version);
        var test = await PackedSdk.Dotnet(project, "test");
        var check = await CliProcess.RunAsync(["check", "games/guess-v1", "--plugins", Path.Combine(project, "artifacts", "plugins"), "--tasks", _root]);

        created.ExitCode.Should().Be(0, created.ToString());
        test.ExitCode.Should().Be(0, test.ToString());
        test.Stdout.Should().Contain("Passed!");
        check.ExitCode.Should().Be(0, check.ToString());
        check.Stdout.Should().Contain("ok   games/guess-v1");
    }

    [Fact]
    public async Task Script_and_data_tasks_from_their_templates_pass_check_without_a_build()
    {
        var tasks = Path.Combine(_root, "tasks");
        var empty = Directory.CreateDirectory(Path.Combine(_root, "no-plugins")).FullName;

        var script = await sdk.NewAsync("r1gym-script", "Acme.Reverse", Path.Combine(tasks, "reverse"));
        var data = await sdk.NewAsync("r1gym-data", "Acme.Capitals", Path.Combine(tasks, "capitals"), "--task-id", "geo/capitals-v1");
        var checkScript = await CliProcess.RunAsync(["check", "reverse/reverse-v1", "--plugins", empty, "--tasks", tasks]);
        var checkData = await CliProcess.RunAsync(["check", "geo/capitals-v1", "--plugins", empty, "--tasks", tasks]);

        script.ExitCode.Should().Be(0, script.ToString());
        data.ExitCode.Should().Be(0, data.ToString());
        File.Exists(Path.Combine(tasks, "reverse", "Acme.Reverse.csx")).Should().BeTrue();
        checkScript.ExitCode.Should().Be(0, checkScript.ToString());
        checkScript.Stdout.Should().Contain("ok   reverse/reverse-v1");
        checkData.ExitCode.Should().Be(0, checkData.ToString());
        checkData.Stdout.Should().Contain("ok   geo/capitals-v1");
    }
}
