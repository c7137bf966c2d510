using System.ComponentModel.DataAnnotations;

namespace R1Gym.Abstractions;

/// <summary>
/// Base for a task's options record. Options bind from JSON/configuration; validation uses data annotations
/// (for example <c>[Range(1, 12)]</c>) plus <see cref="Validate"/> for rules across fields. All failures are
/// reported at once.
/// </summary>
public abstract record TaskOptions : IValidatableObject
{
    /// <summary>Rules that span several fields. Return one result per problem found.</summary>
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => [];
}

/// <summary>Options for a task that has no knobs.</summary>
public sealed record NoOptions : TaskOptions;
