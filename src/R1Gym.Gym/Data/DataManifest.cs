using System.Text.Json;
using System.Text.Json.Serialization;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// A data-task manifest, <c>tasks/&lt;folder&gt;/task.json</c>: <c>{ "tasks": [ { "id", "file", "promptField", "answerField", ... } ] }</c>.
/// </summary>
internal sealed record DataManifest
{
    public List<DataTaskSpec> Tasks { get; init; } = [];

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static DataManifest Read(string path)
    {
        DataManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DataManifest>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new R1GymException($"Manifest {path} is not valid: {e.Message} Expected {{ \"tasks\": [ {{ \"id\", \"file\", \"promptField\", \"answerField\", \"answerFormat\", \"checker\", \"split\", \"solutionField\" }} ] }}.");
        }
        if (manifest?.Tasks.IndexOf(null!) is >= 0 and var at)
            throw new R1GymException($"Manifest {path}: tasks[{at}] is null; expected an object {{ \"id\", \"file\", \"promptField\", \"answerField\" }}.");
        if (manifest is null || manifest.Tasks.Count == 0)
            throw new R1GymException($"Manifest {path} lists no tasks; expected {{ \"tasks\": [ ... ] }} with at least one entry.");
        var errors = manifest.Tasks.SelectMany((t, i) => t.Problems().Select(p => $"tasks[{i}]{(t.Id is null ? "" : $" ({t.Id})")}: {p}")).ToList();
        if (errors.Count > 0)
            throw new R1GymException($"Manifest {path} is not valid: {string.Join("; ", errors)}");
        return manifest;
    }
}

/// <summary>One data task of a manifest.</summary>
internal sealed record DataTaskSpec
{
    public static readonly string[] AnswerFormats = ["plain", "gsm8k", "boxed"];
    public static readonly string[] Splits = ["train", "eval"];

    public string? Id { get; init; }
    public string Description { get; init; } = "";
    public string? File { get; init; }
    public string? PromptField { get; init; }
    public string? AnswerField { get; init; }

    /// <summary>How the ground truth is read from the answer field: plain (default), gsm8k (after ####), boxed (last \boxed{}).</summary>
    public string AnswerFormat { get; init; } = "plain";

    /// <summary>The answer checker's name. Default: exact.</summary>
    public string Checker { get; init; } = "exact";

    /// <summary>train (default) or eval (evaluation-only).</summary>
    public string Split { get; init; } = "train";

    /// <summary>Optional worked solution the reference solver turns into the R1 format.</summary>
    public string? SolutionField { get; init; }

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Id))
            yield return "\"id\" is required";
        else if (!TaskIds.IsValid(Id))
            yield return $"\"id\" '{Id}' must look like 'domain/name-vN'";
        if (string.IsNullOrWhiteSpace(File))
            yield return "\"file\" is required (a JSONL file beside the manifest)";
        if (string.IsNullOrWhiteSpace(PromptField))
            yield return "\"promptField\" is required";
        if (string.IsNullOrWhiteSpace(AnswerField))
            yield return "\"answerField\" is required";
        if (!AnswerFormats.Contains(AnswerFormat))
            yield return $"\"answerFormat\" must be one of {string.Join(", ", AnswerFormats)}, found '{AnswerFormat}'";
        if (!Splits.Contains(Split))
            yield return $"\"split\" must be one of {string.Join(", ", Splits)}, found '{Split}'";
        if (string.IsNullOrWhiteSpace(Checker))
            yield return "\"checker\" must name a checker such as 'exact' or 'number'";
    }
}
