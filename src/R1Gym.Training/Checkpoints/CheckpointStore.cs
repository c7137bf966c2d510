using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>
/// What a trainer needs besides weights to continue exactly: the step reached, its data cursor and the options it ran
/// with. Sampling seeds derive from (seed, step), so no generator state needs saving.
/// </summary>
/// <param name="Trainer">"grpo" or "sft".</param>
/// <param name="Step">Optimiser steps completed.</param>
/// <param name="Cursor">The trainer's position in its data stream (GRPO: prompts consumed).</param>
/// <param name="Options">The options the run was started with.</param>
public sealed record TrainerState(string Trainer, int Step, long Cursor, JsonObject Options);

/// <summary>
/// Checkpoints under one folder: <c>step-000050/</c> holds the model (safetensors + config.json), the tokenizer, the
/// optimiser state, <c>trainer_state.json</c> and, written last, <c>complete.json</c> (every file's size). Each is written
/// to a temporary folder, flushed to disk and renamed into place, then the <c>latest</c> file is replaced atomically, so a
/// run killed at any moment (or a machine that loses power) leaves the previous checkpoint intact. A checkpoint counts only
/// when <c>complete.json</c> matches its files; a damaged newest one is skipped for the one before it.
/// </summary>
public sealed class CheckpointStore
{
    private const string LatestFile = "latest";
    private const string StateFile = "trainer_state.json";
    private const string CompleteFile = "complete.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public CheckpointStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>Keep this many most recent checkpoints; older ones are deleted after a successful write. Default: 2.</summary>
    public int Keep { get; init; } = 2;

    internal string Save(TrainerState state, CausalLM model, ITextTokenizer tokenizer, FlatAdamW optimizer)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(optimizer);
        Directory.CreateDirectory(Root);
        var name = $"step-{state.Step.ToString("D6", CultureInfo.InvariantCulture)}";
        var final = Path.Combine(Root, name);
        // One run writes to a folder at a time, so any temporary folder here is what a killed run left behind.
        // The run folder's lock (RunFolder) keeps a second run out, so these are what a killed run left behind.
        foreach (var stale in Directory.GetDirectories(Root, ".tmp-*").Concat(Directory.GetDirectories(Root, ".old-*")))
            Directory.Delete(stale, recursive: true);
        var temp = Path.Combine(Root, $".tmp-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(temp);
        model.Save(temp);
        tokenizer.Save(temp);
        optimizer.Save(temp);
        File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, Json));
        DurableFiles.SyncFolder(temp);
        var sizes = Directory.GetFiles(temp).ToDictionary(f => Path.GetFileName(f), f => new FileInfo(f).Length, StringComparer.Ordinal);
        DurableFiles.WriteAllText(Path.Combine(temp, CompleteFile), JsonSerializer.Serialize(sizes, Json));
        // Saving a step again: move the old folder aside first, so a complete copy exists at every moment.
        var old = Directory.Exists(final) ? Path.Combine(Root, $".old-{name}-{Environment.ProcessId}") : null;
        if (old is not null)
            Directory.Move(final, old);
        Directory.Move(temp, final);
        DurableFiles.ReplaceAtomically(Path.Combine(Root, LatestFile), name);
        if (old is not null)
            Directory.Delete(old, recursive: true);
        Prune(name);
        return final;
    }

    /// <summary>
    /// The folder of the newest complete checkpoint, or null when there is none: the one <c>latest</c> names when it is
    /// complete, else the newest complete <c>step-*</c> folder (a damaged or half-written newest one is skipped).
    /// </summary>
    public string? Latest()
    {
        var pointer = Path.Combine(Root, LatestFile);
        if (File.Exists(pointer))
        {
            var dir = Path.Combine(Root, File.ReadAllText(pointer).Trim());
            if (IsComplete(dir))
                return dir;
        }
        return Directory.Exists(Root)
            ? Directory.GetDirectories(Root, "step-*").OrderDescending(StringComparer.Ordinal).FirstOrDefault(IsComplete)
            : null;
    }

    /// <summary>Whether <paramref name="checkpoint"/> was written to the end: its <c>complete.json</c> names every file with its size.</summary>
    public static bool IsComplete(string checkpoint)
    {
        var marker = Path.Combine(checkpoint, CompleteFile);
        if (!File.Exists(marker))
            return false;
        try
        {
            var sizes = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(marker));
            return sizes is { Count: > 0 } && sizes.ContainsKey(StateFile) && sizes.All(kv =>
                !kv.Key.Contains('/') && File.Exists(Path.Combine(checkpoint, kv.Key)) && new FileInfo(Path.Combine(checkpoint, kv.Key)).Length == kv.Value);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads the trainer state of a checkpoint folder.</summary>
    public static TrainerState ReadState(string checkpoint)
    {
        var path = Path.Combine(checkpoint, StateFile);
        if (!File.Exists(path))
            throw new R1GymException($"'{checkpoint}' is not a trainer checkpoint: {StateFile} is missing. Pass a step-NNNNNN folder or a run folder with a 'latest' file.");
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Json) is { Trainer: not null, Options: not null } state
                ? state
                : throw new R1GymException($"{path} is empty or not a trainer state; resume from an earlier checkpoint (pass its step-NNNNNN folder).");
        }
        catch (JsonException e)
        {
            throw new R1GymException($"{path} is not a valid trainer state ({e.Message}); the checkpoint is damaged: resume from an earlier step-NNNNNN folder.");
        }
    }

    /// <summary>Copies a checkpoint's weights into <paramref name="model"/> in place (parameter objects stay, so an optimiser over them stays valid).</summary>
    public static void LoadWeights(string checkpoint, CausalLM model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var loaded = CausalLM.Load(checkpoint, model.Device, model.DType);
        CopyWeights(loaded, model);
    }

    /// <summary>Copies every parameter of <paramref name="source"/> into the same-named one of <paramref name="target"/>.</summary>
    public static void CopyWeights(CausalLM source, CausalLM target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Config != target.Config)
            throw new R1GymException("The checkpoint's model config differs from the model being trained; resume with the same model shape.");
        var weights = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var (name, parameter) in target.named_parameters())
            parameter.copy_(weights[name]);
    }

    /// <summary>Restores the optimiser's moments and step counts; create it over the loaded model's parameters first.</summary>
    internal static void LoadOptimizer(string checkpoint, FlatAdamW optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.Load(checkpoint);
    }

    private void Prune(string current)
    {
        var old = Directory.GetDirectories(Root, "step-*").Select(Path.GetFileName).OfType<string>()
            .Where(n => n != current).OrderDescending(StringComparer.Ordinal).Skip(Math.Max(0, Keep - 1));
        foreach (var name in old)
            Directory.Delete(Path.Combine(Root, name), recursive: true);
    }
}
