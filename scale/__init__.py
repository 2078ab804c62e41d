"""Generated data at provincial scale (``manage.py generate_scale``), for benchmarks and load tests. Sits above every
other app: it writes their rows and nothing imports it except the benchmarks."""
