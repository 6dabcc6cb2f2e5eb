"""Execute mode (an edge): grading answers by what they do, with the real kubectl against the sandbox.

- ``policy``: what may run (an answer -> kubectl argument lists, or a refusal that says why);
- ``spawn``: starting one process with a time limit and an output limit (the only place processes start);
- ``runner``: running an answer's steps in a private HOME and working directory with a minimal environment;
- ``world``/``judge``/``compare``: a sandbox with snapshots, a card's deck answer and a typed one run
  from the same state, their end states compared;
- ``grading``: the session graders (execute mode, the second opinion) on a world that follows the deck;
- ``cluster``/``cluster_grading``: ``--context NAME``, the same judged by server dry run on a real cluster.
"""
