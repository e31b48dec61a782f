#!/usr/bin/python3
"""Reference values for states_test.go, from the bundled files with Python's
csv module. Run from the repository root."""
import csv

sy = set()
for s in csv.DictReader(open("datasets/cow-states/states2016.csv")):
    for y in range(int(s["styear"]), int(s["endyear"]) + 1):
        sy.add((int(s["ccode"]), y))
print("state_years", len(sy))
print("states_1816", sum(1 for c, y in sy if y == 1816), "states_2014", sum(1 for c, y in sy if y == 2014))
mp = set()
for s in csv.DictReader(open("datasets/cow-states/cow_majors.csv")):
    for y in range(int(s["styear"]), int(s["endyear"]) + 1):
        mp.add((int(s["ccode"]), y))
print("major_power_years", len(mp))
print("majors_2014", sorted(c for c, y in mp if y == 2014))
