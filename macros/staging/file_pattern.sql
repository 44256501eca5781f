{#- A file path as the text of a DuckDB file-reader or glob() argument: its
    glob characters (`[`, `*`, `?`) bracketed so that they match themselves
    (a folder named `export[1]` must not read `export1`), and its quotes
    doubled for the SQL string literal. -#}
{% macro file_pattern(path) -%}
    {%- set ns = namespace(text='') -%}
    {%- for character in path -%}
        {%- set ns.text = ns.text ~ ('[' ~ character ~ ']' if character in '[*?' else character) -%}
    {%- endfor -%}
    {{ return(ns.text | replace("'", "''")) }}
{%- endmacro %}
