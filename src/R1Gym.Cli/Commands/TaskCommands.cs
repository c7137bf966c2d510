using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Gym;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym tasks list</c> and <c>r1gym tasks show</c>.</summary>
internal static class TaskCommands
{
    public static Command Create()
    {
        var tasks = new Command("tasks", "List registered tasks and show their problems.");
        tasks.Subcommands.Add(List());
        tasks.Subcommands.Add(Show());
        return tasks;
    }

    private static Command List()
    {
        var domain = new Option<string?>("--domain") { Description = "Only tasks of this domain (the id prefix, e.g. math)." };
        var command = new Command("list", "List every task: id, domain, kind, source (plugin, script or data) and description.") { domain };
        command.SetAction(parse =>
        {
            using var host = CliHost.Build(parse);
            var registry = host.Services.GetRequiredService<ITaskRegistry>();
            var filter = parse.GetValue(domain);
            var all = registry.All.Where(d => filter is null || d.Domain == filter).ToList();
            if (parse.GetValue(CliOptions.Json))
            {
                CliOutput.WriteJson(new
                {
                    tasks = all.Select(d => new
                    {
                        id = d.Id,
                        domain = d.Domain,
                        kind = TaskArguments.Kind(d.Kind),
                        source_kind = d.SourceKind.ToString().ToLowerInvariant(),
                        source = d.Source,
                        description = d.Description,
                        options = d.OptionsType.Name,
                        evaluation_only = d.EvaluationOnly,
                    }),
                    failures = registry.Failures.Select(f => new { source = f.Source, reason = f.Reason }),
                });
                return 0;
            }
            CliOutput.WriteTable(
                ["ID", "DOMAIN", "KIND", "SOURCE", "DESCRIPTION"],
                all.Select(d => (IReadOnlyList<string>)
                [
                    d.Id, d.Domain, TaskArguments.Kind(d.Kind), TaskArguments.Source(d),
                    d.EvaluationOnly ? $"{d.Description} [eval]".Trim() : d.Description,
                ]));
            Console.Out.WriteLine($"{all.Count} tasks");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var id = TaskArguments.Id();
        var seed = TaskArguments.Seed();
        var index = TaskArguments.Index();
        var count = new Option<int>("--count", "-n") { Description = "How many consecutive problems to show.", DefaultValueFactory = _ => 1 };
        var options = TaskArguments.TaskOptions();
        var command = new Command("show", "Show problems of a task: prompt, ground truth and reference solution.") { id, seed, index, count, options };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(count), first = parse.GetValue(index);
            if (n < 1 || first < 0)
                throw new Abstractions.R1GymException($"--count must be at least 1 and --index at least 0, found --count {n} --index {first}.");
            using var host = CliHost.Build(parse);
            var registry = host.Services.GetRequiredService<ITaskRegistry>();
            var instance = registry.Create(parse.GetValue(id)!, TaskArguments.ParseOptions(parse, options));
            var items = new List<ShownProblem>();
            for (int i = first; i < first + n; i++)
                items.Add(await ShownProblem.CreateAsync(instance, parse.GetValue(seed), i, ct));
            if (parse.GetValue(CliOptions.Json))
            {
                CliOutput.WriteJson(new { id = instance.Descriptor.Id, kind = TaskArguments.Kind(instance.Descriptor.Kind), size = instance.Size, problems = items });
                return 0;
            }
            foreach (var item in items)
                item.Write(instance.Descriptor.Id);
            return 0;
        });
        return command;
    }
}
