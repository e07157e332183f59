namespace DGNet.Integrators;

/// <summary>Which half-steps of <see cref="Leapfrog"/> come first.</summary>
public enum LeapfrogVariant
{
    /// <summary>Half kick in p, full drift in q, half kick in p (velocity Verlet); two ∂V/∂q and one ∂T/∂p per step.</summary>
    KickDriftKick,

    /// <summary>Half drift in q, full kick in p, half drift in q (position Verlet); two ∂T/∂p and one ∂V/∂q per step.</summary>
    DriftKickDrift,
}
