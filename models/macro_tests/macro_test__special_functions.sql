{#- log_gamma, digamma and trigamma at every point of the
    special_function_cases seed, beside scipy's values. -#}
with

cases as (
    select * from {{ ref('special_function_cases') }}
),

final as (
    select
        {%- for name in ['log_gamma', 'digamma', 'trigamma'] %}
        cases.expected_{{ name }},
        {{ context['loyalty'][name]('cases.z') }} as actual_{{ name }},
        {%- endfor %}
        cases.z
    from cases
)

select * from final
