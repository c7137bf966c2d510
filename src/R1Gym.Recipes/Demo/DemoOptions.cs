using System.ComponentModel.DataAnnotations;

namespace R1Gym.Recipes.Demo;

/// <summary>
/// The demo run: a character-level model built from scratch, an under-trained cold-start SFT on the task's worked
/// solutions (so RL has headroom), held-out evaluation, GRPO, evaluation again. Bound from the <c>Demo</c> section; the
/// defaults are the CPU preset, tuned to finish well inside ten minutes on two cores.
/// </summary>
public sealed class DemoOptions : IValidatableObject
{
    public const string SectionName = "Demo";

    /// <summary>Seed of everything: model initialisation, data order, sampling. Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>"cpu", "cuda" or "auto". Default: cpu.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// Intra-op threads of the CPU backend. Default: 1: the demo's tensors are small, so extra threads mostly spin at
    /// barriers, and on a busy two-core machine that spinning made steps several times slower (measured).
    /// </summary>
    [Range(1, 256)]
    public int CpuThreads { get; set; } = 1;

    /// <summary>
    /// GRPO sampling rounds per step with dynamic sampling (1: only drop all-equal groups, no refill). Default: 2: with
    /// one round, a step at low accuracy could rest on one or two informative groups, and such noisy steps sent GRPO
    /// downhill for some seeds (measured on the CPU preset).
    /// </summary>
    [Range(1, 10)]
    public int SamplingRounds { get; set; } = 2;

    /// <summary>Digits of each operand of the addition task. Default: 2.</summary>
    [Range(1, 9)]
    public int Digits { get; set; } = 2;

    /// <summary>Model width. Default: 128.</summary>
    [Range(8, 8192)]
    public int HiddenSize { get; set; } = 128;

    /// <summary>Transformer blocks. Default: 3.</summary>
    [Range(1, 128)]
    public int Layers { get; set; } = 3;

    /// <summary>Attention heads (key/value heads are the same number). Default: 4.</summary>
    [Range(1, 128)]
    public int Heads { get; set; } = 4;

    /// <summary>Distinct problems with worked solutions for the cold start. Default: 2000.</summary>
    [Range(1, 10_000_000)]
    public int SftExamples { get; set; } = 2000;

    /// <summary>Most cold-start SFT steps; the cold start usually ends earlier, at <see cref="SftTargetAccuracy"/>. Default: 800.</summary>
    [Range(1, 1_000_000)]
    public int SftSteps { get; set; } = 800;

    /// <summary>
    /// Stop the cold start early once greedy accuracy on <see cref="ValidationProblems"/> validation problems (apart from
    /// the held-out set and every training prompt) reaches this share, checked every <see cref="SftCheckEvery"/> steps:
    /// it leaves RL the same headroom whatever the seed, the device or the rounding of its kernels (a fixed 300 steps
    /// left between 16% and 31% of held-out sums right across seeds). Null runs <see cref="SftSteps"/> steps. Default: 0.25.
    /// </summary>
    [Range(0.0, 1.0)]
    public double? SftTargetAccuracy { get; set; } = 0.25;

    /// <summary>Steps between validation checks when <see cref="SftTargetAccuracy"/> is set. Default: 50.</summary>
    [Range(1, 1_000_000)]
    public int SftCheckEvery { get; set; } = 50;

    /// <summary>Validation problems of the early stop (used only with <see cref="SftTargetAccuracy"/>). Default: 256.</summary>
    [Range(1, 100_000)]
    public int ValidationProblems { get; set; } = 256;

    /// <summary>SFT batch size. Default: 32.</summary>
    [Range(1, 100_000)]
    public int SftBatchSize { get; set; } = 32;

    /// <summary>SFT peak learning rate. Default: 3e-3.</summary>
    [Range(0.0, 1.0)]
    public double SftLearningRate { get; set; } = 3e-3;

    /// <summary>GRPO steps (the run may stop earlier at <see cref="GrpoSecondsBudget"/>). Default: 100.</summary>
    [Range(0, 1_000_000)]
    public int GrpoSteps { get; set; } = 100;

    /// <summary>GRPO prompts per step. Default: 16.</summary>
    [Range(1, 100_000)]
    public int PromptsPerStep { get; set; } = 16;

    /// <summary>GRPO completions per prompt. Default: 8.</summary>
    [Range(2, 1024)]
    public int GroupSize { get; set; } = 8;

    /// <summary>GRPO learning rate. Default: 3e-4.</summary>
    [Range(0.0, 1.0)]
    public double GrpoLearningRate { get; set; } = 3e-4;

    /// <summary>Generation budget in tokens (the worked solutions of 2-digit sums take about 20). Default: 32.</summary>
    [Range(4, 100_000)]
    public int MaxNewTokens { get; set; } = 32;

    /// <summary>Held-out problems evaluated before and after GRPO (none is a training prompt). Default: 300.</summary>
    [Range(1, 1_000_000)]
    public int HeldoutProblems { get; set; } = 300;

    /// <summary>Stop GRPO after the step that crosses this many seconds, so the demo keeps its time limit on a slow machine. Default: 300.</summary>
    [Range(1, 1_000_000)]
    public double GrpoSecondsBudget { get; set; } = 300;

    /// <summary>Stop SFT after the step that crosses this many seconds (only a very slow or busy machine reaches it). Default: 240.</summary>
    [Range(1, 1_000_000)]
    public double SftSecondsBudget { get; set; } = 240;

    /// <summary>
    /// The whole run's deadline: GRPO stops early enough to leave time for the second evaluation, so the demo ends
    /// within it even on a slow machine. Default: 540 (nine minutes).
    /// </summary>
    [Range(1, 1_000_000)]
    public double TotalSecondsBudget { get; set; } = 540;

    /// <summary>Where the run writes metrics, plots and the final model. Default: runs/demo.</summary>
    public string OutputDirectory { get; set; } = Path.Combine("runs", "demo");

    /// <summary>Also benchmark training throughput of the given model shape (e.g. "0.5b") at <see cref="BenchmarkBatch"/> x <see cref="BenchmarkSequence"/>. Default: null (off).</summary>
    public string? BenchmarkShape { get; set; }

    /// <summary>Sequences per benchmark step. Default: 16.</summary>
    [Range(1, 4096)]
    public int BenchmarkBatch { get; set; } = 16;

    /// <summary>Tokens per benchmark sequence. Default: 512.</summary>
    [Range(2, 1_000_000)]
    public int BenchmarkSequence { get; set; } = 512;

    /// <summary>
    /// The larger preset <c>--device cuda</c> selects: a wider, deeper model, 3-digit sums, larger RL batches, and the
    /// 0.5B-shape training benchmark. A fixed SFT length does not transfer between devices (on an H200, 500 steps left 1%
    /// of held-out sums right, 2500 left 100%), so the cold start stops at 25% validation accuracy instead.
    /// </summary>
    public static DemoOptions CudaPreset() => new()
    {
        Device = "cuda",
        Digits = 3,
        HiddenSize = 256,
        Layers = 4,
        Heads = 4,
        SftExamples = 8000,
        SftSteps = 3000,
        SftTargetAccuracy = 0.25,
        SftCheckEvery = 50,
        SftBatchSize = 64,
        SftLearningRate = 2e-3,
        GrpoSteps = 200,
        SamplingRounds = 1,
        PromptsPerStep = 64,
        GroupSize = 8,
        GrpoLearningRate = 3e-4,
        MaxNewTokens = 48,
        HeldoutProblems = 1000,
        SftSecondsBudget = 120,
        GrpoSecondsBudget = 240,
        TotalSecondsBudget = 480,
        OutputDirectory = Path.Combine("runs", "demo-cuda"),
        BenchmarkShape = "0.5b",
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HiddenSize % Heads != 0 || HiddenSize / Heads % 2 != 0)
            yield return new ValidationResult($"HiddenSize ({HiddenSize}) must be Heads ({Heads}) times an even head width.", [nameof(HiddenSize)]);
        if (Device is not ("cpu" or "cuda" or "auto"))
            yield return new ValidationResult($"Device must be cpu, cuda or auto, found '{Device}'.", [nameof(Device)]);
    }
}
