using System.CommandLine;

namespace R1Gym.Cli.Commands;

/// <summary>Old option names keep working for one version; using one prints which name replaces it.</summary>
internal static class Deprecation
{
    /// <summary>Writes a notice to stderr when <paramref name="option"/> was given as <paramref name="oldName"/>.</summary>
    public static void Warn(ParseResult parse, Option option, string oldName)
    {
        if (parse.GetResult(option)?.IdentifierToken?.Value == oldName)
            Console.Error.WriteLine($"note: {oldName} is deprecated and will be removed in the next version; use {option.Name}.");
    }
}
