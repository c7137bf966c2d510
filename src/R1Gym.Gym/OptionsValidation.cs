using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Gym;

/// <summary>
/// The one way options objects are validated: data annotations and <see cref="IValidatableObject"/> cross-field rules
/// (also when an attribute already failed, so every failure is reported at once).
/// </summary>
public static class OptionsValidation
{
    /// <summary>Every failure of <paramref name="options"/>, each once.</summary>
    public static IReadOnlyList<ValidationResult> Errors(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ValidationResult>();
        var context = new ValidationContext(options);
        // The validator skips IValidatableObject once an attribute fails; run it ourselves, once, either way.
        Validator.TryValidateObject(options, context, errors, validateAllProperties: true);
        if (errors.Count > 0 && options is IValidatableObject self)
            errors.AddRange(self.Validate(context));
        return errors.DistinctBy(e => e.ErrorMessage).ToList();
    }

    /// <summary>Returns <paramref name="options"/>, or throws naming every failure and how to fix it in <paramref name="section"/>.</summary>
    public static T ThrowIfInvalid<T>(T options, string section)
        where T : class
    {
        var errors = Errors(options);
        if (errors.Count > 0)
            throw new R1GymException(
                $"Invalid {section} options: {string.Join("; ", errors.Select(e => e.ErrorMessage))}. Fix them in the config file or with --set {section}:Name=Value.");
        return options;
    }
}
