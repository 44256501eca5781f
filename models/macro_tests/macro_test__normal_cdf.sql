{#- normal_cdf at every point of the normal_cdf_cases seed, beside Python's value. -#}
with

cases as (
    select * from {{ ref('normal_cdf_cases') }}
),

final as (
    select
        cases.case_name,
        cases.x,
        cases.expected_cdf,
        {{ loyalty.normal_cdf('cases.x') }} as actual_cdf
    from cases
)

select * from final
