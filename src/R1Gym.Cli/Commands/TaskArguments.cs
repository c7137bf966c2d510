using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Cli.Commands;

/// <summary>Arguments and options shared by the gym's commands (tasks show, verify, check).</summary>
internal static class TaskArguments
{
    public static Argument<string> Id() => new("id") { Description = "Task id, domain/name-vN (see 'r1gym tasks list')." };

    public static Option<long> Seed() => new("--seed", "-s") { Description = "Seed of the problem stream.", DefaultValueFactory = _ => 0 };

    public static Option<int> Index(bool required = false) => new("--index", "-i")
    {
        Description = "Index of the problem in the stream (0-based).",
        Required = required,
        DefaultValueFactory = required ? null : _ => 0,
    };

    /// <summary><c>--task-options</c> (every command's one name for them; <c>--options</c> still works for one version, with a notice).</summary>
    public static Option<string?> TaskOptions() => new("--task-options", "--options")
    {
        Description = "Task options as a JSON object, e.g. '{\"digits\": 4}'.",
        HelpName = "json",
    };

    /// <summary>Parses the command's <see cref="TaskOptions"/>; null when absent.</summary>
    public static JsonObject? ParseOptions(ParseResult parse, Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(option);
        Deprecation.Warn(parse, option, "--options");
        return ParseOptions(parse.GetValue(option));
    }

    /// <summary>Parses a task-options JSON object; null when absent.</summary>
    public static JsonObject? ParseOptions(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new R1GymException($"--task-options expects a JSON object such as '{{\"digits\": 4}}', found '{json}'.");
        }
        catch (JsonException e)
        {
            throw new R1GymException($"--task-options is not valid JSON ({e.Message}); expected an object such as '{{\"digits\": 4}}'.");
        }
    }

    public static string Kind(TaskKind kind) => kind == TaskKind.SingleTurn ? "single-turn" : "multi-turn";

    public static string Source(TaskDescriptor d) => $"{d.SourceKind.ToString().ToLowerInvariant()}:{d.Source}";
}
