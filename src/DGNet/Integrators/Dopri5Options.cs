namespace DGNet.Integrators;

/// <summary>Error control of <see cref="Dopri5"/>. The defaults are the tolerances of the reference implementation.</summary>
/// <param name="RelativeTolerance">rtol of the mixed error scale atol + rtol·max(|y0|, |y1|).</param>
/// <param name="AbsoluteTolerance">atol of the same scale.</param>
/// <param name="InitialStep">First step size; null chooses it automatically (Hairer, Nørsett and Wanner's
/// algorithm, one extra evaluation).</param>
/// <param name="MinStep">Smallest step size allowed before <see cref="AdaptiveStepFailedException"/>; null allows
/// anything above floating-point resolution of t.</param>
/// <param name="MaxSteps">Accepted plus rejected steps allowed in one call before
/// <see cref="AdaptiveStepFailedException"/>.</param>
public sealed record Dopri5Options(
    double RelativeTolerance = 1e-7,
    double AbsoluteTolerance = 1e-9,
    double? InitialStep = null,
    double? MinStep = null,
    int MaxSteps = 100_000)
{
    /// <summary>Safety factor on the optimal step size.</summary>
    public double Safety { get; init; } = 0.9;

    /// <summary>Smallest factor by which one step may shrink the step size.</summary>
    public double MinFactor { get; init; } = 0.2;

    /// <summary>Largest factor by which one step may grow the step size.</summary>
    public double MaxFactor { get; init; } = 10.0;

    /// <summary>
    /// Proportional-integral step-size control (exponents 0.17 and 0.04, as in Hairer's DOPRI5), which damps the
    /// oscillation of step sizes; false uses the standard controller (exponent 1/5).
    /// </summary>
    public bool PiController { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> for out-of-range settings.</summary>
    public void Validate()
    {
        if (!(RelativeTolerance >= 0) || !(AbsoluteTolerance >= 0) || RelativeTolerance + AbsoluteTolerance <= 0
            || !double.IsFinite(RelativeTolerance) || !double.IsFinite(AbsoluteTolerance))
            throw new ArgumentException(
                $"Dormand-Prince tolerances must be non-negative, finite and not both zero (rtol {RelativeTolerance}, atol {AbsoluteTolerance})");
        if (InitialStep is { } h0 && !(h0 > 0 && double.IsFinite(h0)))
            throw new ArgumentException($"Dormand-Prince initial step must be positive, got {h0}");
        if (MinStep is { } hMin && !(hMin >= 0 && double.IsFinite(hMin)))
            throw new ArgumentException($"Dormand-Prince minimum step must be non-negative, got {hMin}");
        if (MaxSteps < 1) throw new ArgumentException($"Dormand-Prince MaxSteps must be at least 1, got {MaxSteps}");
        if (!(Safety > 0 && Safety <= 1)) throw new ArgumentException($"Dormand-Prince safety factor must be in (0, 1], got {Safety}");
        if (!(MinFactor > 0 && MinFactor < 1) || !(MaxFactor > 1 && double.IsFinite(MaxFactor)))
            throw new ArgumentException($"Dormand-Prince step factors must satisfy 0 < MinFactor < 1 < MaxFactor, got {MinFactor} and {MaxFactor}");
    }
}
