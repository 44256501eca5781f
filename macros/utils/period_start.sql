{% macro period_start(date_expression, grain=var('reporting_grain')) %}
    {%- if grain not in ('month', 'quarter', 'year') -%}
        {{ exceptions.raise_compiler_error("period_start: grain must be month, quarter or year, got '" ~ grain ~ "' (check the reporting_grain var)") }}
    {%- endif -%}
    {{ return(adapter.dispatch('period_start', 'loyalty')(date_expression, grain)) }}
{% endmacro %}

{% macro default__period_start(date_expression, grain) -%}
    cast(date_trunc('{{ grain }}', {{ date_expression }}) as date)
{%- endmacro %}

{% macro spark__period_start(date_expression, grain) -%}
    cast(date_trunc('{{ grain }}', cast({{ date_expression }} as timestamp)) as date)
{%- endmacro %}
