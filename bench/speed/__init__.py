"""The speed benchmark (`./run bench`): how close `up` and `down` come to what the fake cloud's life cycles
allow. `bound` computes the critical path from the fake's own life-cycle tables, `script` replays a stack
one resource after another, `stacks` drives the real engine, `main` runs it all and writes
`bench/results/speed.json`."""
