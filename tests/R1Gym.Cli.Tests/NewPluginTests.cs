using System.Diagnostics;
using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

public sealed class NewPluginTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("r1gym-new-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_scaffolded_plugin_builds_passes_its_test_and_passes_check_without_edits()
    {
        var created = await CliProcess.RunAsync(["new", "plugin", "Acme.Tasks.Puzzles", "--output", _root, "--json"]);
        created.ExitCode.Should().Be(0, created.ToString());
        var info = JsonNode.Parse(created.Stdout)!;
        var root = info["root"]!.GetValue<string>();
        info["references"]!.GetValue<string>().Should().Be("assemblies", "a folder outside the repository cannot use project references");

        var test = await Dotnet(root, "test", Path.Combine("tests", "Acme.Tasks.Puzzles.Tests"));
        test.ExitCode.Should().Be(0, test.ToString());
        test.Stdout.Should().Contain("Passed!");

        var check = await CliProcess.RunAsync(["check", "puzzles/multiplication-v1", "--plugins", Path.Combine(root, "artifacts", "plugins")]);
        check.ExitCode.Should().Be(0, check.ToString());
        check.Stdout.Should().Contain("ok   puzzles/multiplication-v1");
    }

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

    private static Task<CliResult> Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return CliProcess.RunAsync(start);
    }
}
