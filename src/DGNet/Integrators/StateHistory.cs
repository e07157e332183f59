using static TorchSharp.torch;

namespace DGNet.Integrators;

/// <summary>
/// The last few states of a rollout, kept by an implicit solver's step map so that the next Newton solve can start
/// from a polynomial extrapolation of them instead of an explicit step: the extrapolation costs no evaluation of
/// the network, while the explicit midpoint guess costs two, and it is about as close to the root. The states are
/// private copies held outside any dispose scope; a step whose input is not the last output recorded (a new
/// rollout, trajectories dropped after a failure, any other caller) starts the history again.
/// </summary>
internal sealed class StateHistory
{
    /// <summary>Points the extrapolation goes through at most (a cubic through the last four states).</summary>
    public const int MaxPoints = 6;

    /// <summary>Points needed before extrapolating (a quadratic through the last three states): a straight line
    /// from two is no closer than the explicit guess.</summary>
    public const int MinPoints = 3;

    private readonly List<Tensor> states = [];   // oldest first

    /// <summary>States held (tests).</summary>
    public int Count => states.Count;

    /// <summary>
    /// The polynomial through the last states (up to <see cref="MaxPoints"/>), evaluated one step ahead, when
    /// <paramref name="u"/> is the last recorded output and enough states are known; else null.
    /// </summary>
    public Tensor? Extrapolate(Tensor u) => Extrapolate(Continues(u));

    private Tensor? Extrapolate(bool continues)
    {
        if (!continues || states.Count < MinPoints) return null;
        int k = states.Count;
        // Lagrange extrapolation at equally spaced points to the next one: weights (-1)^j·C(k, j+1), newest first.
        using var guard = no_grad();
        var guess = states[k - 1] * (double)k;
        double binomial = k;
        for (int j = 1; j < k; j++)
        {
            binomial = binomial * (k - j) / (j + 1);
            guess.add_(states[k - 1 - j], alpha: j % 2 == 0 ? binomial : -binomial);
        }
        return guess;
    }

    /// <summary>
    /// u[n+1] = <paramref name="solveFrom"/>(guess) for the step from <paramref name="u"/>, starting from the
    /// extrapolated guess when there is one and from <paramref name="explicitGuess"/>() otherwise, or when Newton
    /// fails from the extrapolation (a sudden change the past states do not foresee); the step is then recorded.
    /// </summary>
    public Tensor Solve(Tensor u, Func<Tensor> explicitGuess, Func<Tensor, Tensor> solveFrom)
    {
        Tensor next;
        bool continues = Continues(u);   // one comparison with the last state per step (a host synchronisation)
        var extrapolated = Extrapolate(continues);
        if (extrapolated is null) next = solveFrom(explicitGuess());
        else
        {
            try
            {
                next = solveFrom(extrapolated);
            }
            catch (NewtonFailedException)
            {
                next = solveFrom(explicitGuess());
            }
        }
        Record(u, next, continues);
        return next;
    }

    /// <summary>Records the step <paramref name="u"/> ↦ <paramref name="next"/>.</summary>
    public void Record(Tensor u, Tensor next) => Record(u, next, Continues(u));

    private void Record(Tensor u, Tensor next, bool continues)
    {
        if (!continues)
        {
            Clear();
            states.Add(Copy(u));
        }
        states.Add(Copy(next));
        while (states.Count > MaxPoints)
        {
            states[0].Dispose();
            states.RemoveAt(0);
        }
    }

    /// <summary>Forgets every state.</summary>
    public void Clear()
    {
        foreach (var s in states) s.Dispose();
        states.Clear();
    }

    private bool Continues(Tensor u)
    {
        if (states.Count == 0) return false;
        var last = states[^1];
        if (!last.shape.SequenceEqual(u.shape) || last.dtype != u.dtype || last.device_type != u.device_type) return false;
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        return last.equal(u.detach()).all().item<bool>();
    }

    private static Tensor Copy(Tensor t)
    {
        using var guard = no_grad();
        return t.detach().clone().DetachFromDisposeScope();
    }
}
