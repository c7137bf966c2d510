namespace R1Gym.Training;

/// <summary>The learning-rate schedule shared by the SFT, GRPO and distillation trainers (the update itself is <see cref="FlatAdamW"/>).</summary>
internal static class Optimization
{
    /// <summary>Linear warm-up from 0 to <paramref name="peak"/> over <paramref name="warmupSteps"/>, then constant.</summary>
    public static double LearningRateAt(int step, double peak, int warmupSteps) =>
        warmupSteps <= 0 || step >= warmupSteps ? peak : peak * (step + 1) / (warmupSteps + 1);
}
