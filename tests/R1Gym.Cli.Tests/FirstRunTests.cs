using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

/// <summary>What a new user meets first: folders that add to the built-in ones, hints for folders one level off, the configuration keys.</summary>
public sealed class FirstRunTests : IDisposable
{
    private static readonly string Scripts = Path.Combine(CliProcess.RepositoryRoot, "tasks", "scripts");
    private readonly string _root = Directory.CreateTempSubdirectory("r1gym-firstrun-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_tasks_folder_adds_its_tasks_to_the_built_in_ones()
    {
        var mine = Directory.CreateDirectory(Path.Combine(_root, "mine")).FullName;
        File.Copy(Path.Combine(Scripts, "letter-count.csx"), Path.Combine(mine, "letters.csx"));
        await File.WriteAllTextAsync(Path.Combine(mine, "letters.csx"),
            (await File.ReadAllTextAsync(Path.Combine(mine, "letters.csx"))).Replace("text/letter-count-v1", "mine/letters-v1", StringComparison.Ordinal));

        var result = await CliProcess.RunAsync(["tasks", "list", "--json", "--tasks", mine], workingDirectory: _root);

        result.ExitCode.Should().Be(0, result.ToString());
        var ids = JsonNode.Parse(result.Stdout)!["tasks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>());
        ids.Should().Contain(["mine/letters-v1", "text/letter-count-v1", "math/gsm8k-train-v1"]);
    }

    [Fact]
    public async Task With_no_builtins_only_the_named_tasks_folder_is_loaded()
    {
        var mine = Directory.CreateDirectory(Path.Combine(_root, "mine")).FullName;
        File.Copy(Path.Combine(Scripts, "letter-count.csx"), Path.Combine(mine, "letters.csx"));

        var result = await CliProcess.RunAsync(["tasks", "list", "--json", "--tasks", mine, "--no-builtins"], workingDirectory: _root);

        result.ExitCode.Should().Be(0, result.ToString());
        var ids = JsonNode.Parse(result.Stdout)!["tasks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>());
        ids.Should().Contain("text/letter-count-v1").And.NotContain("math/gsm8k-train-v1");
    }

    [Fact]
    public async Task A_plugin_folder_given_one_level_too_deep_is_refused_with_its_parent_named()
    {
        var plugin = Directory.CreateDirectory(Path.Combine(_root, "artifacts", "plugins", "Foo")).FullName;
        await File.WriteAllTextAsync(Path.Combine(plugin, "Foo.dll"), "");

        var result = await CliProcess.RunAsync(["tasks", "list", "--plugins", plugin], workingDirectory: _root);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("is the folder of the plugin Foo itself")
            .And.Contain($"--plugins {Path.Combine(_root, "artifacts", "plugins")}");
    }

    [Fact]
    public async Task A_plugin_folder_given_too_shallow_is_refused_with_the_plugin_folders_below_it_named()
    {
        var plugin = Directory.CreateDirectory(Path.Combine(_root, "artifacts", "plugins", "Foo")).FullName;
        await File.WriteAllTextAsync(Path.Combine(plugin, "Foo.dll"), "");

        var result = await CliProcess.RunAsync(["tasks", "list", "--plugins", _root], workingDirectory: _root);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("plugin folders were found below it").And.Contain($"{Path.Combine(_root, "artifacts", "plugins")} (Foo)");
    }

    [Fact]
    public async Task Config_show_prints_a_sections_keys_with_defaults_and_meanings()
    {
        var result = await CliProcess.RunAsync(["config", "show", "grpo"]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().StartWith("Grpo").And.Contain("GroupSize = 8  (int)").And.Contain("LossAggregation = \"Token\"")
            .And.NotContain("Sft ");
    }

    [Fact]
    public async Task Every_key_of_the_training_sections_has_a_meaning()
    {
        var result = await CliProcess.RunAsync(["config", "show", "--json"]);

        result.ExitCode.Should().Be(0, result.ToString());
        var keys = JsonNode.Parse(result.Stdout)!.AsArray().Select(k => k!.AsObject()).ToList();
        keys.Select(k => k["section"]!.GetValue<string>()).Distinct().Should().Contain(["Demo", "Grpo", "Sft", "Rewards", "Gym"]);
        keys.Where(k => k["description"]!.GetValue<string>().Length == 0).Select(k => $"{k["section"]}:{k["key"]}").Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_section_names_the_sections_that_exist()
    {
        var result = await CliProcess.RunAsync(["config", "show", "Grpoo"]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("no configuration section 'Grpoo'").And.Contain("Grpo, ");
    }
}
