{#- A subquery of the integers 0 .. 10^digits - 1 in column `n`, built from
    cross joins (portable: no generate_series, no recursive CTE). -#}
{% macro integers(digits=4) -%}
    {%- if digits is not number or digits < 1 or digits > 7 -%}
        {{ exceptions.raise_compiler_error("integers: digits must be a whole number from 1 to 7, got '" ~ digits ~ "'") }}
    {%- endif -%}
    (
        select
            {%- for i in range(digits) %}
            digit_{{ i }}.d * {{ 10 ** i }}{{ ' +' if not loop.last }}
            {%- endfor %} as n
        from
            {%- for i in range(digits) %}
            (
                select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
                union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
            ) as digit_{{ i }}{{ ',' if not loop.last }}
            {%- endfor %}
    )
{%- endmacro %}
