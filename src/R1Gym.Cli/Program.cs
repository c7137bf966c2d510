using System.CommandLine;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Cli;
using R1Gym.Cli.Commands;

// The r1gym command line, and its table of contents: one line per top-level command, each built by a factory in
// src/R1Gym.Cli/Commands/; every command gets --help, --json, --set, --plugins and --tasks from the root.
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
root.Subcommands.Add(ModelCommands.Create());
root.Subcommands.Add(ModelCommands.Tokenize());
root.Subcommands.Add(ModelCommands.Generate());
root.Subcommands.Add(EvalCommands.Create());
root.Subcommands.Add(DistillCommands.Sample());
root.Subcommands.Add(DistillCommands.Distill());
root.Subcommands.Add(PipelineCommands.Create());

Interrupts.Install();
try
{
    // Ctrl+C and SIGTERM are Interrupts' (a training run stops gracefully), not System.CommandLine's.
    var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
    return await root.Parse(args).InvokeAsync(invocation, Interrupts.Abort);
}
catch (R1GymException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"error: invalid configuration: {string.Join("; ", e.Failures)}");
    return 2;
}
catch (InvalidOperationException e) when (e.Source == "Microsoft.Extensions.Configuration.Binder")
{
    // ErrorOnUnknownConfiguration: a misspelt --set key or appsettings entry must not be silently ignored.
    Console.Error.WriteLine($"error: invalid configuration: {e.Message.TrimEnd('.')}. Check the key's spelling (see the command's --help or the options' docs).");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
