{% macro clean_text(expression) %}
    {{ return(adapter.dispatch('clean_text', 'loyalty')(expression)) }}
{% endmacro %}

{% macro default__clean_text(expression) -%}
    nullif(trim(cast({{ expression }} as {{ dbt.type_string() }}), chr(32) || chr(9) || chr(10) || chr(13)), '')
{%- endmacro %}

{#- DuckDB: trim only values whose first or last character is a control
    character or a space; trimming every value with a character set costs
    twice as much on millions of rows. A byte comparison with '!' (the
    first character above the space) tests those characters: half the cost
    of ascii() and right() on ten million values. -#}
{% macro duckdb__clean_text(expression) -%}
    {%- set text = 'cast(' ~ expression ~ ' as varchar)' -%}
    nullif(
        case
            when {{ text }} < '!' or substring({{ text }}, length({{ text }}), 1) < '!'
                then trim({{ text }}, chr(32) || chr(9) || chr(10) || chr(13))
            else {{ text }}
        end,
        ''
    )
{%- endmacro %}

{% macro postgres__clean_text(expression) -%}
    nullif(btrim(cast({{ expression }} as text), E' \t\n\r'), '')
{%- endmacro %}

{% macro spark__clean_text(expression) -%}
    nullif(regexp_replace(cast({{ expression }} as string), '^[ \\t\\n\\r]+|[ \\t\\n\\r]+$', ''), '')
{%- endmacro %}
