using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

/// <summary><c>r1gym new plugin</c> renders the r1gym-task template that <c>dotnet new</c> uses, against the packed SDK.</summary>
[Collection(PackedSdk.Collection)]
public sealed class NewPluginTests(PackedSdk sdk) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("r1gym-new-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_scaffolded_plugin_builds_passes_its_test_and_passes_check_without_edits()
    {
        var created = await CliProcess.RunAsync(["new", "plugin", "Acme.Tasks.Puzzles", "--output", _root, "--packages", sdk.Packages, "--sdk-version", sdk.Version, "--json"]);
        created.ExitCode.Should().Be(0, created.ToString());
        var info = JsonNode.Parse(created.Stdout)!;
        var root = info["root"]!.GetValue<string>();

        var test = await PackedSdk.Dotnet(root, "test");
        var check = await CliProcess.RunAsync(["check", "puzzles/puzzles-v1", "--plugins", Path.Combine(root, "artifacts", "plugins"), "--tasks", _root]);

        info["task"]!.GetValue<string>().Should().Be("puzzles/puzzles-v1");
        File.ReadAllText(Path.Combine(root, "src", "Acme.Tasks.Puzzles", "PuzzlesTask.cs")).Should().Contain("public sealed class PuzzlesTask", "the sample is named after the plugin");
        test.ExitCode.Should().Be(0, test.ToString());
        test.Stdout.Should().Contain("Passed!");
        check.ExitCode.Should().Be(0, check.ToString());
        check.Stdout.Should().Contain("ok   puzzles/puzzles-v1");
    }

    [Fact]
    public async Task The_scaffold_and_dotnet_new_write_the_same_files()
    {
        var scaffold = await CliProcess.RunAsync(["new", "plugin", "Acme.Same", "--output", Path.Combine(_root, "cli"), "--task-id", "acme/same-v2", "--packages", sdk.Packages, "--sdk-version", sdk.Version]);
        var template = await sdk.NewAsync("r1gym-task", "Acme.Same", Path.Combine(_root, "new", "Acme.Same"), "--task-id", "acme/same-v2", "--packages", sdk.Packages, "--sdk-version", sdk.Version);

        scaffold.ExitCode.Should().Be(0, scaffold.ToString());
        template.ExitCode.Should().Be(0, template.ToString());
        var fromCli = Files(Path.Combine(_root, "cli", "Acme.Same"));
        var fromTemplate = Files(Path.Combine(_root, "new", "Acme.Same"));
        fromCli.Keys.Should().BeEquivalentTo(fromTemplate.Keys);
        foreach (var (path, text) in fromTemplate)
            fromCli[path].Should().Be(text, $"{path} must be the same from both");
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);
}

/// <summary>What <c>r1gym new plugin</c> refuses, before anything is written (no packages needed).</summary>
public sealed class NewPluginRefusalTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("r1gym-new-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("1Bad", "is not valid")]
    [InlineData("Acme..Puzzles", "is not valid")]
    public async Task Invalid_names_are_refused(string name, string message)
    {
        var result = await CliProcess.RunAsync(["new", "plugin", name, "--output", _root]);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain(message);
        Directory.EnumerateFileSystemEntries(_root).Should().BeEmpty();
    }

    [Fact]
    public async Task An_existing_folder_is_never_overwritten()
    {
        Directory.CreateDirectory(Path.Combine(_root, "Acme.Taken"));
        File.WriteAllText(Path.Combine(_root, "Acme.Taken", "keep.txt"), "mine");

        var result = await CliProcess.RunAsync(["new", "plugin", "Acme.Taken", "--output", _root]);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("already exists");
        Directory.EnumerateFileSystemEntries(Path.Combine(_root, "Acme.Taken")).Should().ContainSingle();
    }
}
