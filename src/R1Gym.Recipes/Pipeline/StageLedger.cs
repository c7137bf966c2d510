using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Training.Evaluation;
using R1Gym.Training;

namespace R1Gym.Recipes.Pipeline;

/// <summary>What a finished stage left behind: its model, how long it took, its held-out scores and stage-specific details.</summary>
/// <remarks>Model: The stage's model folder (null for a stage that trains nothing).</remarks>
/// <remarks>Overall: Held-out scores after the stage, null when it was not evaluated.</remarks>
public sealed record StageRecord(string Name, string? Model, double Seconds, OverallScores? Overall, IReadOnlyList<TaskScores>? Tasks, JsonObject? Details);

/// <summary>
/// The run folder's memory of finished stages: <c>&lt;run&gt;/&lt;n&gt;-&lt;stage&gt;/stage.json</c>, written atomically as
/// the stage's last act, so a stage is either complete (and skipped on the next run) or resumed from its checkpoints.
/// </summary>
internal sealed class StageLedger(string root)
{
    private const string MarkerFile = "stage.json";

    public string Root { get; } = Path.GetFullPath(root);

    public string Folder(int number, string stage) => Path.Combine(Root, $"{number}-{stage}");

    /// <summary>The record of a finished stage, or null when it has not finished.</summary>
    public StageRecord? Completed(int number, string stage)
    {
        var path = Path.Combine(Folder(number, stage), MarkerFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(path), EvalReport.Json) : null;
    }

    public void Complete(int number, StageRecord record)
    {
        var folder = Folder(number, record.Name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, MarkerFile);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(record, EvalReport.Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
