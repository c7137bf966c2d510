using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>A <c>task.json</c> manifest: each entry becomes a single-turn task over its JSONL file, with no code.</summary>
internal sealed class DataTaskSource(string displayName, string manifestPath) : TaskSource(displayName, TaskSourceKind.Data)
{
    public override void Register(ITaskCatalog catalog)
    {
        var staging = (StagingCatalog)catalog;
        var manifest = DataManifest.Read(manifestPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        foreach (var spec in manifest.Tasks)
        {
            var file = Path.GetFullPath(Path.Combine(folder, spec.File!));
            if (!File.Exists(file))
                throw new R1GymException($"Manifest {manifestPath}: task '{spec.Id}' names file '{spec.File}', which does not exist at {file}.");
            var rows = new DataRows(file, spec);
            var descriptor = new TaskDescriptor(spec.Id!, TaskKind.SingleTurn, TaskSourceKind.Data, Name, spec.Description, typeof(NoOptions))
            {
                EvaluationOnly = spec.Split == "eval",
            };
            var checkerName = spec.Checker;
            staging.AddRegistration(new TaskRegistration(descriptor, _ =>
            {
                var checker = staging.FindChecker(checkerName) ?? throw new R1GymException(
                    $"Task '{spec.Id}' uses checker '{checkerName}', which is not registered (known: {string.Join(", ", staging.KnownCheckers())}). "
                    + "Build and load the plugin that registers it, or use 'exact' or 'number'.");
                return new DataTask(rows, checker);
            }, null));
        }
    }
}
