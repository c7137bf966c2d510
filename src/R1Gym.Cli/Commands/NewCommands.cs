using System.CommandLine;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym new plugin &lt;Name&gt;</c>: the r1gym-task template of <c>dotnet new</c>, without installing it.</summary>
internal static class NewCommands
{
    public static Command Create()
    {
        var command = new Command("new", "Create new R1Gym projects from templates (the same as 'dotnet new r1gym-task' of the R1Gym.Templates pack).");
        command.Subcommands.Add(Plugin());
        return command;
    }

    private static Command Plugin()
    {
        var name = new Argument<string>("name") { Description = "Project and namespace name, e.g. Acme.Tasks.Puzzles." };
        var output = new Option<string>("--output", "-o") { Description = "Folder to create the plugin folder in.", DefaultValueFactory = _ => ".", HelpName = "dir" };
        var taskId = new Option<string?>("--task-id") { Description = "Id of the sample task (default: '<name>/<name>-v1' from the last part of the name, lower-cased).", HelpName = "domain/name-vN" };
        var packages = new Option<string?>("--packages")
        {
            Description = "Local folder holding the R1Gym.Abstractions and R1Gym.Testing packages, written to a nuget.config (default: none; the packages come from your NuGet feeds).",
            HelpName = "dir",
        };
        var sdkVersion = new Option<string?>("--sdk-version")
        {
            Description = $"Version of the R1Gym.Abstractions and R1Gym.Testing packages to reference (default: this r1gym's SDK version, {PluginScaffold.SdkVersion}).",
            HelpName = "version",
        };
        var command = new Command("plugin", "Scaffold a task plugin with one sample task, named after it, and its test project; it builds and passes 'check' as is.")
        {
            name, output, taskId, packages, sdkVersion,
        };
        command.SetAction(parse =>
        {
            var result = PluginScaffold.Create(parse.GetValue(name)!, parse.GetValue(output)!, parse.GetValue(taskId), parse.GetValue(packages), parse.GetValue(sdkVersion));
            var plugins = Path.Combine(result.Root, "artifacts", "plugins");
            if (parse.GetValue(CliOptions.Json))
            {
                CliOutput.WriteJson(new { root = result.Root, files = result.Files, task = result.TaskId, plugins_directory = plugins, sdk_version = result.SdkVersion });
                return 0;
            }
            Console.Out.WriteLine($"Created {result.Root} (R1Gym SDK {result.SdkVersion})");
            foreach (var file in result.Files)
                Console.Out.WriteLine($"  {Path.GetRelativePath(result.Root, file)}");
            Console.Out.WriteLine();
            Console.Out.WriteLine("Next:");
            Console.Out.WriteLine($"  cd {result.Root}");
            Console.Out.WriteLine("  dotnet test");
            Console.Out.WriteLine($"  r1gym check {result.TaskId} --plugins artifacts/plugins");
            return 0;
        });
        return command;
    }
}
