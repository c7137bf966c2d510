using System.ComponentModel.DataAnnotations;

namespace R1Gym.Recipes.Demo;

/// <summary>
/// <c>r1gym demo game</c>: multi-turn GRPO on <c>demo/guess-number-v1</c> from scratch. A character-level model is
/// cold-started by SFT on reference episodes (binary search) until a validation win rate, evaluated on held-out episodes,
/// trained with GRPO on the episodes' returns, evaluated again. Bound from the <c>GameDemo</c> section; the defaults are
/// the CPU preset (two cores, well inside ten minutes).
/// </summary>
public sealed class GameDemoOptions
{
    public const string SectionName = "GameDemo";

    /// <summary>Seed of everything. Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>"cpu", "cuda" or "auto". Default: cpu.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Intra-op CPU threads. Default: 1 (small tensors; more threads spin on a busy machine).</summary>
    [Range(1, 256)]
    public int CpuThreads { get; set; } = 1;

    /// <summary>The secret is in 1..Max. Default: 15.</summary>
    [Range(2, 999)]
    public int Max { get; set; } = 15;

    /// <summary>Guesses per game. Default: 4.</summary>
    [Range(1, 20)]
    public int Guesses { get; set; } = 4;

    /// <summary>Model width. Default: 96.</summary>
    [Range(8, 8192)]
    public int HiddenSize { get; set; } = 96;

    /// <summary>Decoder layers. Default: 2.</summary>
    [Range(1, 64)]
    public int Layers { get; set; } = 2;

    /// <summary>Attention heads. Default: 4.</summary>
    [Range(1, 64)]
    public int Heads { get; set; } = 4;

    /// <summary>Reference episodes played for the cold start (one SFT example per turn). Default: 600.</summary>
    [Range(1, 1_000_000)]
    public int SftEpisodes { get; set; } = 600;

    /// <summary>SFT steps at most. Default: 600.</summary>
    [Range(0, 1_000_000)]
    public int SftSteps { get; set; } = 600;

    /// <summary>SFT stops once the validation win rate reaches this (RL needs headroom); null: run all steps. Default: 0.3.</summary>
    [Range(0.0, 1.0)]
    public double? SftTargetWinRate { get; set; } = 0.3;

    /// <summary>SFT steps between validation checks. Default: 25.</summary>
    [Range(1, 100_000)]
    public int SftCheckEvery { get; set; } = 25;

    /// <summary>Validation episodes of the early stop. Default: 64.</summary>
    [Range(1, 100_000)]
    public int ValidationEpisodes { get; set; } = 64;

    /// <summary>SFT batch size. Default: 32.</summary>
    [Range(1, 100_000)]
    public int SftBatchSize { get; set; } = 32;

    /// <summary>SFT learning rate. Default: 3e-3.</summary>
    [Range(1e-9, 1.0)]
    public double SftLearningRate { get; set; } = 3e-3;

    /// <summary>GRPO steps at most. Default: 80.</summary>
    [Range(0, 1_000_000)]
    public int GrpoSteps { get; set; } = 80;

    /// <summary>Games started per GRPO step. Default: 16.</summary>
    [Range(1, 100_000)]
    public int PromptsPerStep { get; set; } = 16;

    /// <summary>Episodes per start (G). Default: 8.</summary>
    [Range(2, 1024)]
    public int GroupSize { get; set; } = 8;

    /// <summary>GRPO learning rate. Default: 1e-4 (measured on the CPU preset: 5e-4 took greedy play from 66% to 32%, 1e-4 to 72%).</summary>
    [Range(1e-9, 1.0)]
    public double GrpoLearningRate { get; set; } = 1e-4;

    /// <summary>New tokens per turn. Default: 32.</summary>
    [Range(1, 100_000)]
    public int MaxTokensPerTurn { get; set; } = 32;

    /// <summary>Held-out episodes evaluated after SFT and after GRPO (greedy). Default: 200.</summary>
    [Range(1, 1_000_000)]
    public int HeldoutEpisodes { get; set; } = 200;

    /// <summary>Seconds for SFT at most. Default: 200.</summary>
    [Range(1, 1_000_000)]
    public double SftSecondsBudget { get; set; } = 200;

    /// <summary>Seconds for the whole run, which GRPO's budget is cut to fit. Default: 540.</summary>
    [Range(1, 1_000_000)]
    public double TotalSecondsBudget { get; set; } = 540;

    /// <summary>Output folder. Default: runs/demo-game.</summary>
    public string OutputDirectory { get; set; } = Path.Combine("runs", "demo-game");

    /// <summary>The GPU preset: a wider model, more episodes per step.</summary>
    public static GameDemoOptions CudaPreset() => new()
    {
        Device = "cuda",
        Max = 31,
        Guesses = 5,
        HiddenSize = 192,
        Layers = 3,
        SftEpisodes = 2000,
        SftSteps = 2000,
        SftBatchSize = 64,
        GrpoSteps = 150,
        PromptsPerStep = 64,
        HeldoutEpisodes = 1000,
        SftSecondsBudget = 120,
    };
}
