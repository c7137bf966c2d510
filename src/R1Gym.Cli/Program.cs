using System.CommandLine;
using R1Gym.Cli;
using R1Gym.Cli.Commands;

// The r1gym command line. Each area contributes one command factory (src/R1Gym.Cli/Commands/<Area>Commands.cs)
// and one line below; every command gets --help, --json, --set, --plugins and --tasks from the root.
var root = new RootCommand("R1Gym: a reasoning gym and DeepSeek-R1 style trainer for .NET.");
CliOptions.AddTo(root);

root.Subcommands.Add(TaskCommands.Create());
root.Subcommands.Add(VerifyCommands.Create());
root.Subcommands.Add(CheckCommands.Create());
root.Subcommands.Add(NewCommands.Create());
root.Subcommands.Add(TrainCommands.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(SandboxCommands.Create());
root.Subcommands.Add(BenchCommands.Create());
foreach (var command in ModelCommands.CreateAll()) root.Subcommands.Add(command);
foreach (var command in EvalCommands.CreateAll()) root.Subcommands.Add(command);

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return CliErrors.Report(e, CliErrors.IsVerbose(args), Console.Error);
}
