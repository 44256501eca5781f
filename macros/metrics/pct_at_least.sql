{% macro pct_at_least(score, minimum) -%}
    {%- if minimum is not number -%}
        {{ exceptions.raise_compiler_error("pct_at_least: minimum must be a number, got '" ~ minimum ~ "'") }}
    {%- endif -%}
    100.0 * count(case when {{ score }} >= {{ minimum }} then 1 end) / nullif(count({{ score }}), 0)
{%- endmacro %}
