{#- Join each row to the integers 0 .. count - 1 (count an expression over
    that row's columns), as column `column` of `alias`. -#}
{% macro series_join(count, alias, column) -%}
    {{ return(adapter.dispatch('series_join', 'loyalty')(count, alias, column)) }}
{%- endmacro %}

{% macro default__series_join(count, alias, column) -%}
    cross join lateral generate_series(0, {{ count }} - 1) as {{ alias }} ({{ column }})
{%- endmacro %}

{% macro spark__series_join(count, alias, column) -%}
    lateral view explode(sequence(0, {{ count }} - 1)) {{ alias }} as {{ column }}
{%- endmacro %}
