using System.CommandLine;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym bench ...</c>: commands that measure and print figures (performance never lives in tests).</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure performance and print figures.");
        command.Subcommands.Add(BenchSandboxCommand.Create());
        command.Subcommands.Add(BenchGenerateCommand.Create());
        command.Subcommands.Add(BenchTrainCommand.Create());
        command.Subcommands.Add(BenchServeCommand.Create());
        return command;
    }
}
