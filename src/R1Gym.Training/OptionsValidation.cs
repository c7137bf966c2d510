using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;

namespace R1Gym.Training;

/// <summary>Validates an options object at start-up and reports every failure at once.</summary>
internal static class OptionsValidation
{
    public static T ThrowIfInvalid<T>(T options, string section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ValidationResult>();
        var context = new ValidationContext(options);
        Validator.TryValidateObject(options, context, errors, validateAllProperties: true);
        if (options is IValidatableObject self)
            errors.AddRange(self.Validate(context));
        if (errors.Count > 0)
            throw new R1GymException(
                $"Invalid {section} options: {string.Join("; ", errors.Select(e => e.ErrorMessage).Distinct())}. Fix them in the config file or with --set {section}:Name=Value.");
        return options;
    }
}
