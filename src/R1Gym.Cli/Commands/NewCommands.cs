using System.CommandLine;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym new plugin &lt;Name&gt;</c>: scaffolds a plugin with one sample task and its test.</summary>
internal static class NewCommands
{
    public static Command Create()
    {
        var command = new Command("new", "Create new R1Gym projects from templates.");
        command.Subcommands.Add(Plugin());
        return command;
    }

    private static Command Plugin()
    {
        var name = new Argument<string>("name") { Description = "Project and namespace name, e.g. Acme.Tasks.Puzzles." };
        var output = new Option<string>("--output", "-o") { Description = "Folder to create the plugin folder in.", DefaultValueFactory = _ => ".", HelpName = "dir" };
        var domain = new Option<string?>("--domain") { Description = "Domain prefix of the sample task id (default: the last part of the name, lower-cased)." };
        var command = new Command("plugin", "Scaffold a task plugin with one sample task and its conformance test; it builds and passes 'check' as is.")
        {
            name, output, domain,
        };
        command.SetAction(parse =>
        {
            var result = PluginScaffold.Create(parse.GetValue(name)!, parse.GetValue(output)!, parse.GetValue(domain));
            var id = $"{result.Domain}/multiplication-v1";
            var plugins = Path.Combine(result.Root, "artifacts", "plugins");
            if (parse.GetValue(CliOptions.Json))
            {
                CliOutput.WriteJson(new { root = result.Root, files = result.Files, task = id, plugins_directory = plugins, references = result.UsesProjects ? "projects" : "assemblies" });
                return 0;
            }
            Console.Out.WriteLine($"Created {result.Root}");
            foreach (var file in result.Files)
                Console.Out.WriteLine($"  {Path.GetRelativePath(result.Root, file)}");
            Console.Out.WriteLine();
            Console.Out.WriteLine("Next:");
            Console.Out.WriteLine($"  dotnet test {Path.Combine(result.Root, "tests", parse.GetValue(name) + ".Tests")}");
            Console.Out.WriteLine($"  r1gym check {id} --plugins {plugins}");
            return 0;
        });
        return command;
    }
}
