package io.rsrch.cli;

public class Main {
    public static void main(String[] args) {}
}
