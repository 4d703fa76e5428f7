"""The performance baseline: Python's mpmath running the encyclopedia's 10,000-update loop at
50 significant digits (the same loop as test/fixtures/generate_reference.py, imported from it).
Run: python3 bench/mpmath-loop.py          (prints the seconds of the fastest of two runs)
     python3 bench/mpmath-loop.py --once   (one run: npm run bench times the whole process)"""
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("ref", os.path.join(here, "..", "test", "fixtures", "generate_reference.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
runs = 1 if "--once" in sys.argv else 2
print(min(ref.code_train(50)[3] for _ in range(runs)))
