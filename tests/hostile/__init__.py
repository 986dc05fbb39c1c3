"""Helpers of the reliability and security tests: the hostile-input corpus, a checker that
parses HTML, SVG, DOT and Mermaid output for anything executable, and a runner that starts
sopdocs in a subprocess with bounded time and memory."""
