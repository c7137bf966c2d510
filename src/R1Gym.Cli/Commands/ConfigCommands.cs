using System.CommandLine;
using R1Gym.Abstractions;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym config show [section]</c>: every configuration key with its type, default and meaning.</summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var config = new Command("config", "Configuration: the sections and keys that appsettings.json, --config files and --set understand.");
        config.Subcommands.Add(Show());
        return config;
    }

    private static Command Show()
    {
        var section = new Argument<string?>("section")
        {
            Description = "One section (e.g. Grpo, Sft, Demo); default: all of them.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("show", "Print every key of the configuration sections with its type, default and meaning (read from the options types and their docs).")
        {
            section,
        };
        command.SetAction(parse =>
        {
            var sections = OptionSections.All;
            var wanted = sections.Select(kv => (Name: kv.Key, Type: kv.Value)).ToList();
            if (parse.GetValue(section) is { } name)
            {
                wanted = wanted.Where(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (wanted.Count == 0)
                    throw new R1GymException($"There is no configuration section '{name}'. Sections: {string.Join(", ", sections.Keys)}.");
            }
            var keys = wanted.SelectMany(s => OptionSections.Keys(s.Name, s.Type)).ToList();
            if (parse.GetValue(CliOptions.Json))
            {
                CliOutput.WriteJson(keys.Select(k => new { section = k.Section, key = k.Name, type = k.Type, @default = k.Default, description = k.Description }));
                return 0;
            }
            foreach (var group in keys.GroupBy(k => k.Section))
            {
                Console.Out.WriteLine($"{group.Key}  ({sections[group.Key].FullName}; set as {group.Key}:<Key>=<value>)");
                foreach (var key in group)
                {
                    Console.Out.WriteLine($"  {key.Name} = {key.Default}  ({key.Type})");
                    if (key.Description.Length > 0)
                        Console.Out.WriteLine($"      {key.Description}");
                }
                Console.Out.WriteLine();
            }
            return 0;
        });
        return command;
    }
}
